import { join } from 'node:path'
import { BaseCommand } from '@beadwork/core/cli/base-command'
import type { ConfigStore } from '@beadwork/core/workers/config'
import type { WorkerPool } from '@beadwork/core/workers/pool'

/** Base of every wt command: opens the worker pool ($WT_HOME/wt.db, config, tmux) lazily in run(). */
export abstract class WtCommand extends BaseCommand {
  private opened?: WorkerPool

  protected async pool(): Promise<WorkerPool> {
    if (this.opened) return this.opened
    const { WorkerPool } = await import('@beadwork/core/workers/pool')
    // Agent hooks call this same wt, by absolute path: the worker's PATH may not have it.
    this.opened = await WorkerPool.open({ wtArgv: [process.execPath, join(this.config.root, 'bin', 'run.js')] })
    return this.opened
  }

  /** `$WT_HOME/config.json` alone (no database, no tmux). */
  protected async configStore(): Promise<ConfigStore> {
    const [{ ConfigStore }, { wtHome }] = await Promise.all([import('@beadwork/core/workers/config'), import('@beadwork/core/workers/state')])
    return new ConfigStore(wtHome())
  }

  override async finally(err: Error | undefined): Promise<void> {
    await this.opened?.close()
    return super.finally(err)
  }
}
