import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { DomainError } from '../errors.js'

/**
 * wt's state is private whatever the umask: config.json names the command every worker runs, and
 * wt.db holds what agents said. Under umask 000 they were world-writable; under 022, world-readable.
 */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

const owned = (path: string) => {
  try {
    return statSync(path).uid === process.getuid?.()
  } catch {
    return false
  }
}

/**
 * `$WT_HOME` must be a folder (or not exist yet). Pointing it at a file otherwise fails deep in
 * mkdir/SQLite with EEXIST/ENOTDIR and no hint of which setting is wrong.
 */
export function checkHome(home: string): void {
  let isDir: boolean
  try {
    isDir = statSync(home).isDirectory()
  } catch {
    return
  }
  if (!isDir)
    throw new DomainError('INVALID_VALUE', `WT_HOME is not a directory: ${home}`, {
      hint: 'Point WT_HOME at a folder (wt keeps wt.db and config.json there), or unset it.',
    })
}

/** What wt keeps in `$WT_HOME`: a folder holding nothing else is wt's own to tighten. */
const WT_FILES = /^(?:wt\.db(?:-wal|-shm|-journal)?|config\.json(?:\.\d+\.tmp)?|locks)$/

/**
 * Creates `$WT_HOME` (0700), and tightens an existing one that is open to others only when it is
 * wt's own (we own it and it holds only wt's files): WT_HOME pointed at a shared folder, or at `~`,
 * must not have its mode changed under the user. wt's files in it are 0600 either way.
 */
export function ensurePrivateHome(home: string): void {
  checkHome(home)
  const created = mkdirSync(home, { recursive: true, mode: PRIVATE_DIR_MODE }) !== undefined
  if (created || readdirSync(home).every((name) => WT_FILES.test(name))) tighten(home, PRIVATE_DIR_MODE)
}

/** chmod to `mode` when we own the path and it grants anything to group or others. */
export function tighten(path: string, mode: number): void {
  try {
    if (owned(path) && statSync(path).mode & 0o077) chmodSync(path, mode)
  } catch {
    // Gone, or not ours to change: nothing to do.
  }
}

/**
 * No file wt or its children (git, tmux, the agents) create may be writable by group or others:
 * what a worktree holds is run by an agent. Raises the umask to at least 022, never lowers it.
 */
export function keepOthersFromWriting(): void {
  process.umask(process.umask() | 0o022)
}
