import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Switch extends WtCommand {
  static override hidden = true
  static override summary = 'Switch to a worker (what `wt <name|bead>` runs)'
  static override examples = ['<%= config.bin %> toast', '<%= config.bin %> bd-a1b2']
  static override args = { worker: Args.string({ description: 'Worker name or bead id.', required: true }) }

  async run(): Promise<void> {
    const { args } = await this.parse(Switch)
    const name = await (await this.pool()).switchTo(args.worker)
    this.output({ switched: name }, () => undefined)
  }
}
