import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { mergeJsonl, Unmergeable } from './merge.js'
import { gitDirOf, logConflicts } from './merge-log.js'
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
    const gitDir = gitDirOf(root)
    if (gitDir) logConflicts(gitDir, merged.conflicts)
    return {}
  } catch (e) {
    if (!(e instanceof Unmergeable)) throw e
    // git merge-file exits with the number of conflicts (>0) after writing the markers into `ours`.
    await promisify(execFile)('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', '--', ours, base, theirs]).catch(() => undefined)
    return { conflict: e.message }
  }
}
