import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import type { FieldConflict } from './merge.js'

// The merge driver runs inside git, not bd: the values it set aside wait in the clone's git folder
// (never committed, per worktree) until the next bd command imports the merged file and records
// each as an event on its bead.
const LOG = 'beads-merge-conflicts.jsonl'

/** The git folder of the worktree at `root` (`.git`, or where a `.git` file points), if any. */
export function gitDirOf(root: string): string | undefined {
  const dotGit = join(root, '.git')
  try {
    if (statSync(dotGit).isDirectory()) return dotGit
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))
    if (m) return isAbsolute(m[1]!) ? m[1]! : resolve(root, m[1]!)
  } catch {
    // not a git checkout
  }
  return undefined
}

export function logConflicts(gitDir: string, conflicts: readonly FieldConflict[]): void {
  if (conflicts.length) appendFileSync(join(gitDir, LOG), conflicts.map((c) => JSON.stringify(c) + '\n').join(''))
}

/** The conflicts waiting for `root`, and how to forget them once recorded. */
export function pendingConflicts(root: string): { conflicts: FieldConflict[]; clear(): void } {
  const gitDir = gitDirOf(root)
  const path = gitDir ? join(gitDir, LOG) : undefined
  if (!path || !existsSync(path)) return { conflicts: [], clear() {} }
  const conflicts = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as FieldConflict]
      } catch {
        return []
      }
    })
  return { conflicts, clear: () => rmSync(path, { force: true }) }
}
