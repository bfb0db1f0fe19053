import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { issueLine } from '../render.js'

export default class Reopen extends BdCommand {
  static override summary = 'Reopen closed beads'
  static override examples = ['<%= config.bin %> reopen bd-a1b2', '<%= config.bin %> reopen a1b2 -r "Regressed in 2.3" --json']
  static override strict = false
  static override args = { ids: Args.string({ description: 'Bead ids.', required: true }) }
  static override flags = { reason: Flags.string({ char: 'r', description: 'Why it is reopened (recorded in the event log).' }) }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Reopen)
    const tracker = await this.tracker(flags)
    const issues = await tracker.reopen(argv as string[], { reason: flags.reason })
    this.output(issues, (issues) => issues.map((i) => `Reopened ${issueLine(i)}`).join('\n'))
  }
}
