import { Flags } from '@oclif/core'
import { BaseCommand } from '@beadwork/core/cli/base-command'
import type { TrackerHandle } from '@beadwork/core/tracker/open'
import type { Tracker } from '@beadwork/core/tracker/tracker'
import { openCommandTracker } from './open-tracker.js'

/** Flags every bd command takes: where the database is and who is acting. */
export abstract class BdCommand extends BaseCommand {
  static override baseFlags = {
    db: Flags.string({ description: 'Database file (overrides BEADS_DB, BEADS_DIR and the .beads/ walk-up).', helpGroup: 'GLOBAL' }),
    actor: Flags.string({ description: 'Who is acting, for the audit trail and claims (default: BEADS_ACTOR, BD_ACTOR, git user.name, $USER).', helpGroup: 'GLOBAL' }),
  }

  protected handle?: TrackerHandle

  /**
   * Opens the workspace's tracker through the one opener the fast path shares; the heavy modules
   * load here, not at import time. `autoImport: false` skips importing a JSONL changed by git.
   */
  protected async tracker(flags: { db?: string; actor?: string }, options: { autoImport?: boolean } = {}): Promise<Tracker> {
    this.handle = await openCommandTracker(flags, options)
    return this.handle.tracker
  }

  override async finally(err: Error | undefined): Promise<void> {
    await this.handle?.close()
    return super.finally(err)
  }
}
