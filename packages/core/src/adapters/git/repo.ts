import { existsSync } from 'node:fs'
import { DomainError } from '../../errors.js'
import { git, runGit, runGitSync } from './exec-git.js'
import type { Git } from './git.js'

/** The real git adapter: each operation one argv call (`execGit` below is the port's implementation). */

/**
 * A branch or revision handed to git. git reads an argument that starts with `-` as an option, and
 * some of its commands hand ours on to another without `--` (`worktree add -b <b> … <base>` runs
 * `git branch <b> <base>`: a bead named `-d` deleted the base branch), so such a name, or one with
 * whitespace or controls, never reaches git. Paths go after `--` instead.
 */
export function gitRef(value: string, what = 'branch'): string {
  if (value === '' || value.startsWith('-') || /[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new DomainError(
      'INVALID_ID',
      `${what} ${JSON.stringify(value)} cannot be given to git: it is empty, starts with "-" or holds whitespace or control characters`,
    )
  }
  return value
}

/** Adds a file to the index (bd's pre-commit hook stages the JSONL it just wrote). */
export async function stage(dir: string, path: string): Promise<void> {
  await git(dir, ['add', '--', path])
}

export async function isRepo(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false
  return (await runGit(dir, ['rev-parse', '--git-dir'])).code === 0
}

export async function topLevel(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-toplevel'])).trim()
}

export async function currentBranch(dir: string): Promise<string | undefined> {
  const r = await runGit(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'])
  return r.code === 0 ? r.stdout.trim() : undefined
}

export async function revParse(dir: string, rev: string): Promise<string | undefined> {
  const r = await runGit(dir, ['rev-parse', '--verify', '--quiet', `${gitRef(rev, 'revision')}^{commit}`])
  return r.code === 0 ? r.stdout.trim() : undefined
}

export async function branchExists(dir: string, branch: string): Promise<boolean> {
  return (await runGit(dir, ['show-ref', '--verify', '--quiet', `refs/heads/${gitRef(branch)}`])).code === 0
}

export async function mergeBase(dir: string, a: string, b: string): Promise<string | undefined> {
  const r = await runGit(dir, ['merge-base', gitRef(a, 'revision'), gitRef(b, 'revision')])
  return r.code === 0 ? r.stdout.trim() : undefined
}

/** Adds a worktree on `branch`: reuses the branch when it exists, else creates it from `base`. */
export async function addWorktree(repo: string, path: string, branch: string, base: string): Promise<{ createdBranch: boolean }> {
  const exists = await branchExists(repo, branch)
  const args = exists ? ['worktree', 'add', '--', path, branch] : ['worktree', 'add', '-b', branch, '--', path, gitRef(base, 'base branch')]
  // Concurrent `worktree add` on one repository can meet a held lock file: retry briefly.
  for (let attempt = 0; ; attempt++) {
    const r = await runGit(repo, args)
    if (r.code === 0) return { createdBranch: !exists }
    if (attempt < 5 && /\.lock'?:? File exists|Unable to create .*\.lock/i.test(r.stderr)) {
      await new Promise((res) => setTimeout(res, 100 + attempt * 100))
      continue
    }
    throw new DomainError('FAILED', `git worktree add failed: ${r.stderr.trim()}`)
  }
}

export async function removeWorktree(repo: string, path: string): Promise<void> {
  const r = await runGit(repo, ['worktree', 'remove', '--force', '--', path])
  if (r.code !== 0 && existsSync(path)) throw new DomainError('FAILED', `git worktree remove failed: ${r.stderr.trim()}`)
  await runGit(repo, ['worktree', 'prune'])
}

export async function pruneWorktrees(repo: string): Promise<void> {
  await runGit(repo, ['worktree', 'prune'])
}

export async function deleteBranch(repo: string, branch: string, force = false): Promise<boolean> {
  return (await runGit(repo, ['branch', force ? '-D' : '-d', '--', gitRef(branch)])).code === 0
}

/** Local branch names. */
export async function localBranches(repo: string): Promise<string[]> {
  return (await git(repo, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/'])).split('\n').filter(Boolean)
}

export async function renameBranch(repo: string, from: string, to: string): Promise<void> {
  await git(repo, ['branch', '-m', '--', gitRef(from), gitRef(to)])
}

/** Uncommitted changes (staged, unstaged, untracked not ignored), as porcelain paths. */
export async function dirtyFiles(dir: string): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain', '--untracked-files=all'])
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
}

/** Commits on `head` not on `base` (ahead) and on `base` not on `head` (behind). */
export async function aheadBehind(dir: string, base: string, head = 'HEAD'): Promise<{ ahead: number; behind: number }> {
  const r = await runGit(dir, ['rev-list', '--left-right', '--count', `${gitRef(base, 'revision')}...${gitRef(head, 'revision')}`])
  if (r.code !== 0) return { ahead: 0, behind: 0 }
  const [behind = '0', ahead = '0'] = r.stdout.trim().split(/\s+/)
  return { ahead: Number(ahead), behind: Number(behind) }
}

/** Files changed between `base` and the working tree (committed or not). */
export async function changedFiles(dir: string, base: string): Promise<number> {
  const r = await runGit(dir, ['diff', '--name-only', gitRef(base, 'revision'), '--'])
  const untracked = await runGit(dir, ['ls-files', '--others', '--exclude-standard'])
  const set = new Set([...r.stdout.split('\n'), ...untracked.stdout.split('\n')].filter(Boolean))
  return set.size
}

const zPaths = (zOutput: string) => zOutput.split('\0').filter((p) => p !== '')

/**
 * `git rev-list --count base..HEAD`, the union of `git diff --name-only base` (committed and
 * uncommitted changes to tracked files) and `git status --porcelain` paths (untracked too), and
 * HEAD's commit time when ahead.
 */
export async function changesSince(dir: string, base: string): Promise<{ commitsAhead: number; paths: string[]; headCommitAt: Date | null }> {
  const rev = gitRef(base, 'revision')
  const [ahead, diffed, status] = await Promise.all([
    git(dir, ['rev-list', '--count', `${rev}..HEAD`]),
    git(dir, ['diff', '--name-only', '-z', rev, '--']),
    git(dir, ['status', '--porcelain', '-z', '--untracked-files=all']),
  ])
  const commitsAhead = Number(ahead.trim()) || 0
  const changed = new Set(zPaths(diffed))
  // Porcelain -z entries are "XY path"; a rename is followed by its source path as the next entry.
  const entries = zPaths(status)
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!
    changed.add(entry.slice(3))
    if (entry[0] === 'R' || entry[0] === 'C') i++
  }
  const headCommitAt = commitsAhead > 0 ? new Date(Number((await git(dir, ['log', '-1', '--format=%ct', 'HEAD'])).trim()) * 1000) : null
  return { commitsAhead, paths: [...changed], headCommitAt }
}

export async function isAncestor(dir: string, ancestor: string, of: string): Promise<boolean> {
  return (await runGit(dir, ['merge-base', '--is-ancestor', gitRef(ancestor, 'revision'), gitRef(of, 'revision')])).code === 0
}

export async function hasRemote(dir: string, remote = 'origin'): Promise<boolean> {
  return (await runGit(dir, ['remote', 'get-url', remote])).code === 0
}

export async function fetch(dir: string, remote = 'origin'): Promise<boolean> {
  return (await runGit(dir, ['fetch', '--quiet', remote])).code === 0
}

/** Rebases the worktree's branch on `onto`. On conflict: the conflicting files, and the rebase aborted. */
export async function rebase(dir: string, onto: string): Promise<{ ok: true } | { ok: false; conflicts: string[]; message: string }> {
  const r = await runGit(dir, ['rebase', gitRef(onto, 'base branch')])
  if (r.code === 0) return { ok: true }
  const conflicts = await conflictFiles(dir)
  await runGit(dir, ['rebase', '--abort'])
  return { ok: false, conflicts, message: (r.stderr || r.stdout).trim() }
}

export async function conflictFiles(dir: string): Promise<string[]> {
  const r = await runGit(dir, ['diff', '--name-only', '--diff-filter=U'])
  return r.stdout.split('\n').filter(Boolean)
}

/**
 * Brings `base` up to `branch` in `repo`. When `base` is checked out there, a real merge in that
 * worktree (fast-forward when possible); otherwise a fast-forward-only ref update.
 */
export async function mergeInto(repo: string, base: string, branch: string): Promise<void> {
  if ((await currentBranch(repo)) === base) {
    const r = await runGit(repo, ['merge', '--no-edit', gitRef(branch)])
    if (r.code !== 0) {
      await runGit(repo, ['merge', '--abort'])
      throw new DomainError('CONFLICT', `merging ${branch} into ${base} failed: ${(r.stderr || r.stdout).trim()}`)
    }
    return
  }
  const r = await runGit(repo, ['fetch', '.', `${gitRef(branch)}:${gitRef(base, 'base branch')}`])
  if (r.code !== 0)
    throw new DomainError('CONFLICT', `${base} cannot be fast-forwarded to ${branch}: ${r.stderr.trim()}`, { hint: 'Rebase first (drop --no-rebase).' })
}

export async function push(dir: string, refspec: string, remote = 'origin'): Promise<{ ok: boolean; message: string }> {
  const r = await runGit(dir, ['push', remote, gitRef(refspec, 'refspec')])
  return { ok: r.code === 0, message: (r.stderr || r.stdout).trim() }
}

/** Adds a pattern to the repository's shared `info/exclude` (idempotent). */
export async function excludeLocally(repo: string, pattern: string): Promise<void> {
  const { appendFileSync, readFileSync, mkdirSync } = await import('node:fs')
  const { dirname, resolve } = await import('node:path')
  const common = resolve(repo, (await git(repo, ['rev-parse', '--git-common-dir'])).trim())
  const file = resolve(common, 'info', 'exclude')
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    mkdirSync(dirname(file), { recursive: true })
  }
  if (text.split('\n').includes(pattern)) return
  appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}${pattern}\n`)
}

/** A git config value as git resolves it in `dir` (undefined: unset, or no git). Synchronous: bd's actor is resolved on the way to a write. */
export function configValue(dir: string | undefined, key: string): string | undefined {
  const r = runGitSync(dir, ['config', key], { timeoutMs: 2000 })
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined
}

/** Sets a value in the repository's own config; false when git is missing or the config unwritable. */
export function setConfig(dir: string, key: string, value: string): boolean {
  return runGitSync(undefined, ['-C', dir, 'config', key, value]).code === 0
}

/** `git rev-parse --git-path <name>` (may be relative to `dir`), or undefined outside a repository. */
export function gitPath(dir: string, name: string): string | undefined {
  const r = runGitSync(undefined, ['-C', dir, 'rev-parse', '--git-path', name])
  return r.code === 0 ? r.stdout.trim() : undefined
}

/** git's own line merge of three files, conflict markers written into `ours` (the exit status counts conflicts; not an error here). */
export async function lineMergeWithMarkers(ours: string, base: string, theirs: string): Promise<void> {
  await runGit(process.cwd(), ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', '--', ours, base, theirs]).catch(() => undefined)
}

/** The git port over the real git. */
export const execGit: Git = {
  isRepo,
  topLevel,
  currentBranch,
  revParse,
  branchExists,
  mergeBase,
  localBranches,
  renameBranch,
  deleteBranch,
  addWorktree,
  removeWorktree,
  pruneWorktrees,
  dirtyFiles,
  aheadBehind,
  changesSince,
  isAncestor,
  hasRemote,
  fetch,
  rebase,
  mergeInto,
  push,
  excludeLocally,
}
