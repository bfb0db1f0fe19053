import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { lineMergeWithMarkers } from '../../adapters/git/repo.js'
import { openTrackerAt } from '../open.js'
import { BEADS_DIR, DB_FILE } from '../workspace.js'
import { type FieldConflict, mergeJsonl, Unmergeable } from './merge.js'
import { gitDirOf, logConflicts } from './merge-log.js'
import { conflictEvents } from './sync.js'
import { writeOutputFile } from './output-file.js'

/**
 * The merge driver's effects: reads git's three temp files, writes the merge into `ours`, and sets
 * conflicting values aside for the next bd command. Input that is not bead lines gets git's own
 * line merge with conflict markers, which bd then refuses to import, naming the lines.
 */
export async function mergeFiles(base: string, ours: string, theirs: string, root: string): Promise<{ conflict?: string }> {
  try {
    const merged = mergeJsonl(readFileSync(base, 'utf8'), readFileSync(ours, 'utf8'), readFileSync(theirs, 'utf8'))
    writeOutputFile(ours, merged.text)
    if (merged.conflicts.length) await recordConflicts(root, merged.conflicts)
    return {}
  } catch (e) {
    if (!(e instanceof Unmergeable)) throw e
    await lineMergeWithMarkers(ours, base, theirs)
    return { conflict: e.message }
  }
}

/**
 * The values a merge set aside become events on their beads now, in this clone's database (git may
 * leave the worktree file untouched when the merge equals our side, so no later import would see
 * them); a clone without a database yet keeps them in its git folder for its first import.
 */
async function recordConflicts(root: string, conflicts: FieldConflict[]): Promise<void> {
  const db = join(root, BEADS_DIR, DB_FILE)
  if (existsSync(db)) {
    const { tracker, close } = await openTrackerAt(db)
    try {
      await conflictEvents(tracker.ctx, conflicts)
      return
    } finally {
      await close()
    }
  }
  const gitDir = gitDirOf(root)
  if (gitDir) logConflicts(gitDir, conflicts)
}
