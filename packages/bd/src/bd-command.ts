import { Flags } from '@oclif/core'
import { BaseCommand } from '@beadwork/core/cli/base-command'
import type { TrackerHandle } from '@beadwork/core/tracker/open'
import type { Tracker } from '@beadwork/core/tracker/tracker'

/** Flags every bd command takes: where the database is and who is acting. */
export abstract class BdCommand extends BaseCommand {
  static override baseFlags = {
    db: Flags.string({ description: 'Database file (overrides BEADS_DB, BEADS_DIR and the .beads/ walk-up).', helpGroup: 'GLOBAL' }),
    actor: Flags.string({ description: 'Who is acting, for the audit trail and claims (default: BEADS_ACTOR, BD_ACTOR, git user.name, $USER).', helpGroup: 'GLOBAL' }),
  }

  protected handle?: TrackerHandle

  /**
   * Opens the workspace's tracker; the heavy modules load here, not at import time. Every write
   * re-exports .beads/issues.jsonl inside its transaction; before the command runs, a JSONL changed
   * by git (pull, merge, checkout) is imported first unless `autoImport` is false.
   */
  protected async tracker(flags: { db?: string; actor?: string }, options: { autoImport?: boolean } = {}): Promise<Tracker> {
    const { openTracker } = await import('@beadwork/core/tracker/open')
    this.handle = await openTracker({ db: flags.db, actor: flags.actor, autoImport: options.autoImport })
    const s = this.handle.synced
    if (s && s.created + s.updated + s.deleted > 0) {
      this.note(`Synced from ${s.path}: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.unchanged} unchanged.`)
    }
    return this.handle.tracker
  }

  override async finally(err: Error | undefined): Promise<void> {
    await this.handle?.close()
    return super.finally(err)
  }
}
