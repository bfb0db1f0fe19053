import type { TrackerHandle } from '@beadwork/core/tracker/open'

export interface TrackerFlags {
  db?: string
  actor?: string
}

/**
 * How every bd command opens its workspace — the oclif commands (BdCommand.tracker) and the fast
 * path (fast.ts) alike, so both see the same database, actor and write hooks. Anything a bd
 * command must do when it opens the tracker belongs here, not in BdCommand.
 */
export async function openCommandTracker(flags: TrackerFlags, options: { autoImport?: boolean } = {}): Promise<TrackerHandle> {
  const { openTracker } = await import('@beadwork/core/tracker/open')
  // Every write re-exports .beads/issues.jsonl inside its transaction; a JSONL changed by git
  // (pull, merge, checkout) is imported first unless autoImport is false.
  const handle = await openTracker({ db: flags.db, actor: flags.actor, autoImport: options.autoImport })
  const s = handle.synced
  if (s && s.created + s.updated + s.deleted > 0) {
    process.stderr.write(`Synced from ${s.path}: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.unchanged} unchanged.\n`)
  }
  return handle
}
