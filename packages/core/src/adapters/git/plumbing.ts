import { DomainError } from '../../errors.js'
import { git, runGit } from './exec-git.js'
import { gitRef } from './repo.js'

/**
 * Git plumbing for predicting and landing merges: nothing here touches a worker's worktree or an
 * index, except `switchBranchTo` (a clean worktree, on purpose) and `fastForward` of a checked-out base.
 */

const nulList = (out: string) => [...new Set(out.split('\0').filter(Boolean))]

/** Tip commit of every local branch, by short name (one call for all workers of a repository). */
export async function branchTips(repo: string): Promise<Map<string, string>> {
  const out = await git(repo, ['for-each-ref', '--format=%(objectname) %(refname:short)', 'refs/heads/'])
  const tips = new Map<string, string>()
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ')
    if (space > 0) tips.set(line.slice(space + 1), line.slice(0, space))
  }
  return tips
}

/**
 * What merging `a` and `b` would do, from `git merge-tree --write-tree` (git ≥ 2.38): a clean merge,
 * or the files it would conflict in. Writes objects only; no worktree, index or ref changes.
 */
export async function predictMerge(repo: string, a: string, b: string): Promise<{ clean: boolean; conflicts: string[] }> {
  const r = await runGit(repo, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', gitRef(a, 'revision'), gitRef(b, 'revision')])
  if (r.code === 0) return { clean: true, conflicts: [] }
  if (r.code === 1) return { clean: false, conflicts: nulList(r.stdout).slice(1) }
  throw new DomainError('FAILED', `git merge-tree ${a} ${b} failed: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`, {
    hint: /usage|unknown option|write-tree/i.test(r.stderr) ? 'wt conflicts needs git 2.38 or later (merge-tree --write-tree).' : undefined,
  })
}

/** Files `head` changed since it forked from `base` (three-dot diff: what a merge would bring in). */
export async function changedSinceFork(repo: string, base: string, head: string): Promise<string[]> {
  return nulList(await git(repo, ['diff', '--name-only', '--no-renames', '-z', `${gitRef(base, 'revision')}...${gitRef(head, 'revision')}`, '--']))
}

/**
 * Uncommitted files of a worktree (staged, unstaged, untracked), without taking git's optional
 * index lock: reading never rewrites the worker's index under it.
 */
export async function uncommittedFiles(worktree: string): Promise<string[]> {
  const out = await git(worktree, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], { env: { GIT_OPTIONAL_LOCKS: '0' } })
  return [
    ...new Set(
      out
        .split('\0')
        .filter(Boolean)
        .map((entry) => entry.slice(3)),
    ),
  ]
}

/** A detached worktree at `commit`, for work that must never show in a worker's own (a landing rebase). */
export async function addDetachedWorktree(repo: string, path: string, commit: string): Promise<void> {
  await git(repo, ['worktree', 'add', '--detach', '--', path, gitRef(commit, 'revision')])
}

/**
 * Rebases the commit checked out (detached) in `dir` onto `onto`. On a conflict the rebase is
 * aborted and the files named; on success, the new tip.
 */
export async function rebaseDetached(dir: string, onto: string): Promise<{ ok: true; tip: string } | { ok: false; conflicts: string[]; message: string }> {
  const r = await runGit(dir, ['rebase', '--no-autostash', gitRef(onto, 'revision')])
  if (r.code === 0) return { ok: true, tip: (await git(dir, ['rev-parse', 'HEAD'])).trim() }
  const conflicts = nulList((await runGit(dir, ['diff', '--name-only', '-z', '--diff-filter=U'])).stdout)
  await runGit(dir, ['rebase', '--abort'])
  return { ok: false, conflicts, message: (r.stderr || r.stdout).trim() }
}

/**
 * Points the branch checked out in a clean `worktree` at `commit` (`reset --keep`: refuses rather
 * than lose a change made since the caller checked it was clean).
 */
export async function switchBranchTo(worktree: string, commit: string): Promise<void> {
  await git(worktree, ['reset', '--keep', gitRef(commit, 'revision')])
}

/**
 * Fast-forwards `base` from `expected` to `tip`, and only from `expected` (a base that moved meanwhile
 * is refused, never overwritten). A base checked out in `repo` moves with its files (`merge --ff-only`).
 */
export async function fastForward(repo: string, base: string, expected: string, tip: string): Promise<void> {
  const head = await runGit(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD'])
  if (head.code === 0 && head.stdout.trim() === base) {
    const now = (await git(repo, ['rev-parse', 'HEAD'])).trim()
    if (now !== expected) throw new DomainError('CONFLICT', `${base} moved (now ${now.slice(0, 12)}, expected ${expected.slice(0, 12)})`)
    const r = await runGit(repo, ['merge', '--ff-only', '--quiet', gitRef(tip, 'revision')])
    if (r.code !== 0) throw new DomainError('CONFLICT', `fast-forward of ${base} to ${tip.slice(0, 12)} failed: ${(r.stderr || r.stdout).trim()}`)
    return
  }
  const r = await runGit(repo, [
    'update-ref',
    '-m',
    'wt land: fast-forward',
    `refs/heads/${gitRef(base, 'base branch')}`,
    gitRef(tip, 'revision'),
    gitRef(expected, 'revision'),
  ])
  if (r.code !== 0) throw new DomainError('CONFLICT', `${base} moved or cannot be updated: ${r.stderr.trim()}`)
}
