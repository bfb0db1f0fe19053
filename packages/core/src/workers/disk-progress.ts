/**
 * Disk progress of a worktree since the worker's base commit: commits ahead, files changed, newest
 * write. Liveness is not progress: this is what keeps a silent but busy worker from looking stuck.
 */
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { git } from '../adapters/git/exec-git.js'
import type { DiskProgress } from './rules/states.js'

/** Directories never walked for the newest write. */
const skipped: ReadonlySet<string> = new Set(['.git', 'node_modules'])

export interface ProbeOptions {
  /** Stop the walk after this many directory entries (the result says `truncated`). */
  maxEntries?: number
}

const paths = (zOutput: string) => zOutput.split('\0').filter((p) => p !== '')

/**
 * Probes `worktree` against `baseCommit`: `git rev-list --count base..HEAD`, the union of
 * `git diff --name-only base` (committed and uncommitted changes to tracked files) and untracked files
 * from `git status --porcelain`, HEAD's commit time when ahead, and the newest mtime of a file outside
 * `.git` and `node_modules` (bounded walk).
 */
export async function probeDisk(worktree: string, baseCommit: string, options: ProbeOptions = {}): Promise<DiskProgress> {
  try {
    return await probe(worktree, baseCommit, options)
  } catch (e) {
    throw new DomainError('FAILED', `cannot probe ${worktree}: ${(e as Error).message}`)
  }
}

async function probe(worktree: string, baseCommit: string, options: ProbeOptions): Promise<DiskProgress> {
  const [ahead, diffed, status, walk] = await Promise.all([
    git(worktree, ['rev-list', '--count', `${baseCommit}..HEAD`]),
    git(worktree, ['diff', '--name-only', '-z', baseCommit, '--']),
    git(worktree, ['status', '--porcelain', '-z', '--untracked-files=all']),
    newestWrite(worktree, options.maxEntries ?? 20_000),
  ])
  const commitsAhead = Number(ahead.trim()) || 0
  const changed = new Set(paths(diffed))
  // Porcelain -z entries are "XY path"; a rename is followed by its source path as the next entry.
  const entries = paths(status)
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]
    changed.add(entry.slice(3))
    if (entry[0] === 'R' || entry[0] === 'C') i++
  }
  const lastCommitAt = commitsAhead > 0 ? new Date(Number((await git(worktree, ['log', '-1', '--format=%ct', 'HEAD'])).trim()) * 1000) : null
  return { commitsAhead, filesChanged: changed.size, newestWriteAt: walk.newest, lastCommitAt, truncated: walk.truncated }
}

/** Breadth-first walk; symlinks are not followed. */
async function newestWrite(root: string, maxEntries: number): Promise<{ newest: Date | null; truncated: boolean }> {
  let newest = 0
  let seen = 0
  const queue = [root]
  while (queue.length > 0) {
    const dir = queue.shift()!
    let names: string[]
    try {
      names = await readdir(dir)
    } catch {
      continue
    }
    for (const name of names) {
      if (seen++ >= maxEntries) return { newest: newest ? new Date(newest) : null, truncated: true }
      if (skipped.has(name)) continue
      const path = join(dir, name)
      try {
        const info = await lstat(path)
        if (info.isDirectory()) queue.push(path)
        else if (info.mtimeMs > newest) newest = info.mtimeMs
      } catch {
        // Vanished between readdir and lstat: a write in progress, nothing to record.
      }
    }
  }
  return { newest: newest ? new Date(newest) : null, truncated: false }
}
