/**
 * Disk progress of a worktree since the worker's base commit: commits ahead, files changed, newest
 * write. Liveness is not progress: this is what keeps a silent but busy worker from looking stuck.
 */
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import type { Git } from '../adapters/git/git.js'
import { execGit } from '../adapters/git/repo.js'
import type { DiskProgress } from './rules/states.js'

/** Directories never walked for the newest write. */
const skipped: ReadonlySet<string> = new Set(['.git', 'node_modules'])

export interface ProbeOptions {
  /** Stop the walk after this many directory entries (the result says `truncated`). */
  maxEntries?: number
  /** The git port (the pool's own; the real git by default). */
  git?: Git
}

/**
 * Probes `worktree` against `baseCommit`: what git says changed since it (the port's changesSince:
 * commits ahead, paths changed committed or not, HEAD's commit time) and the newest mtime of a file
 * outside `.git` and `node_modules` (bounded walk).
 */
export async function probeDisk(worktree: string, baseCommit: string, options: ProbeOptions = {}): Promise<DiskProgress> {
  try {
    return await probe(worktree, baseCommit, options)
  } catch (e) {
    throw new DomainError('FAILED', `cannot probe ${worktree}: ${(e as Error).message}`)
  }
}

async function probe(worktree: string, baseCommit: string, options: ProbeOptions): Promise<DiskProgress> {
  const git = options.git ?? execGit
  const [changes, walk] = await Promise.all([git.changesSince(worktree, baseCommit), newestWrite(worktree, options.maxEntries ?? 20_000)])
  return {
    commitsAhead: changes.commitsAhead,
    filesChanged: changes.paths.length,
    newestWriteAt: walk.newest,
    lastCommitAt: changes.headCommitAt,
    truncated: walk.truncated,
  }
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
