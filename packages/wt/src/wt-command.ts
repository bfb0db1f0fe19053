import { join } from 'node:path'
import { BaseCommand } from '@beadwork/core/cli/base-command'
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

  override async finally(err: Error | undefined): Promise<void> {
    await this.opened?.close()
    return super.finally(err)
  }
}
