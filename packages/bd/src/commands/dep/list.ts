import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'
import { issueTable } from '../../render.js'

export default class DepList extends BdCommand {
  static override summary = 'List what a bead depends on (down) or what depends on it (up)'
  static override examples = ['<%= config.bin %> dep list bd-a1', '<%= config.bin %> dep list a1 --direction up --type blocks --json']
  static override args = { id: Args.string({ description: 'Bead id.', required: true }) }
  static override flags = {
    direction: Flags.string({ description: 'down: its dependencies; up: its dependents.', options: ['down', 'up'], default: 'down' }),
    type: Flags.string({ char: 't', description: 'Only edges of this type.' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(DepList)
    const tracker = await this.tracker(flags)
    const items = await tracker.dependencies(args.id, { direction: flags.direction as 'down' | 'up', type: flags.type })
    this.output(items, (items) => (items.length ? issueTable(items) : 'No dependencies.'))
  }
}
