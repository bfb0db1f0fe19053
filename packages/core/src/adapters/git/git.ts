/**
 * The git port: the repository operations wt's workers need, each one argv call in the real adapter
 * (`execGit` in repo.ts). Injected through the pool's context like tmux, so the rules around them
 * (spawn's undo, close's merged-or-not, escalate's kept branch) can be tested against a fake.
 * Branch and revision names are checked by `gitRef` before they reach git.
 */
export interface Git {
  isRepo(dir: string): Promise<boolean>
  topLevel(dir: string): Promise<string>
  /** The checked-out branch, or undefined on a detached HEAD. */
  currentBranch(dir: string): Promise<string | undefined>
  /** The commit `rev` names, or undefined when it names none. */
  revParse(dir: string, rev: string): Promise<string | undefined>
  branchExists(dir: string, branch: string): Promise<boolean>
  mergeBase(dir: string, a: string, b: string): Promise<string | undefined>
  /** Local branch names. */
  localBranches(repo: string): Promise<string[]>
  renameBranch(repo: string, from: string, to: string): Promise<void>
  /** false when git refused (unmerged without `force`, checked out, missing). */
  deleteBranch(repo: string, branch: string, force?: boolean): Promise<boolean>
  /** A worktree on `branch`: reuses the branch when it exists, else creates it from `base`. */
  addWorktree(repo: string, path: string, branch: string, base: string): Promise<{ createdBranch: boolean }>
  removeWorktree(repo: string, path: string): Promise<void>
  /** Forgets worktrees whose folder is gone. */
  pruneWorktrees(repo: string): Promise<void>
  /** Uncommitted changes (staged, unstaged, untracked not ignored), as paths. */
  dirtyFiles(dir: string): Promise<string[]>
  /** Commits on `head` not on `base` (ahead) and on `base` not on `head` (behind). */
  aheadBehind(dir: string, base: string, head?: string): Promise<{ ahead: number; behind: number }>
  /** Commits ahead of `base`, every path changed since it (committed, uncommitted, untracked), HEAD's commit time when ahead. */
  changesSince(dir: string, base: string): Promise<{ commitsAhead: number; paths: string[]; headCommitAt: Date | null }>
  isAncestor(dir: string, ancestor: string, of: string): Promise<boolean>
  hasRemote(dir: string, remote?: string): Promise<boolean>
  /** false when the fetch failed. */
  fetch(dir: string, remote?: string): Promise<boolean>
  /** Rebases the worktree's branch on `onto`; on conflict the files, and the rebase aborted. */
  rebase(dir: string, onto: string): Promise<{ ok: true } | { ok: false; conflicts: string[]; message: string }>
  /** Brings `base` up to `branch` (a merge where `base` is checked out, else a fast-forward); CONFLICT when it cannot. */
  mergeInto(repo: string, base: string, branch: string): Promise<void>
  push(dir: string, refspec: string, remote?: string): Promise<{ ok: boolean; message: string }>
  /** Adds a pattern to the repository's shared `info/exclude` (idempotent). */
  excludeLocally(repo: string, pattern: string): Promise<void>
}
