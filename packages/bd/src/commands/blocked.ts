import { BdCommand } from '../bd-command.js'
import { filterFlags, filterFrom } from '../flags.js'
import { blockedTable } from '../render.js'

export default class Blocked extends BdCommand {
  static override summary = 'List beads held back by open blockers, and beads marked blocked or deferred'
  static override examples = ['<%= config.bin %> blocked', '<%= config.bin %> blocked --json']
  static override flags = { ...filterFlags }

  async run(): Promise<void> {
    const { flags } = await this.parse(Blocked)
    const tracker = await this.tracker(flags)
    const items = await tracker.blocked(filterFrom(flags))
    this.output(items, (items) => (items.length ? blockedTable(items) : 'Nothing is blocked.'))
  }
}
