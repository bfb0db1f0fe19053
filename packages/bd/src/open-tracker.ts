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
export async function openCommandTracker(flags: TrackerFlags): Promise<TrackerHandle> {
  const { openTracker } = await import('@beadwork/core/tracker/open')
  return openTracker({ db: flags.db, actor: flags.actor })
}
