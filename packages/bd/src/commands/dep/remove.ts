import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class DepRemove extends BdCommand {
  static override summary = 'Remove the dependency of <issue> on <depends-on>'
  static override aliases = ['dep:rm']
  static override examples = ['<%= config.bin %> dep remove bd-b2 bd-a1', '<%= config.bin %> dep rm b2 a1 --json']
  static override args = {
    issue: Args.string({ description: 'The bead that depends.', required: true }),
    'depends-on': Args.string({ description: 'The bead it depends on.', required: true }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DepRemove)
    const tracker = await this.tracker(flags)
    const change = await tracker.removeDependency(args.issue, args['depends-on'])
    this.output(change, (change) => `Removed: ${change.issue_id} no longer depends on ${change.depends_on_id} (${change.type})`)
  }
}
