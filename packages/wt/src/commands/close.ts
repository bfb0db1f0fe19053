import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'
import { endText } from '../render.js'

export default class Close extends WtCommand {
  static override summary = 'End a worker; close its bead only if its commits are merged into the base'
  static override examples = ['<%= config.bin %> close toast', '<%= config.bin %> close bd-a1b2 --json']
  static override args = { worker: Args.string({ description: 'Worker name or bead id.', required: true }) }
  static override flags = { force: Flags.boolean({ description: 'Even with uncommitted changes (they are lost).' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Close)
    const r = await (await this.pool()).closeWorker(args.worker, { force: flags.force })
    this.output(r, (r) => endText(r))
  }
}
