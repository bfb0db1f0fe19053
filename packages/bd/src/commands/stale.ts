import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags, filterFrom } from '../flags.js'
import { issueTable } from '../render.js'

export default class Stale extends BdCommand {
  static override summary = 'Beads not updated for a number of days (closed ones excluded), oldest first'
  static override examples = ['<%= config.bin %> stale', '<%= config.bin %> stale --days 7 --status in_progress --json']
  static override flags = {
    days: Flags.string({ char: 'd', description: 'Not updated for at least this many days.', default: '30' }),
    status: Flags.string({ char: 's', description: 'Only these statuses.', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '50' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Stale)
    const tracker = await this.tracker(flags)
    const issues = await tracker.stale(flags.days, { ...filterFrom(flags), status: flags.status, limit: flags.limit })
    this.output(issues, (issues) => (issues.length ? `Not updated for ${flags.days}+ days (${issues.length}):\n${issueTable(issues)}` : `No beads untouched for ${flags.days} days.`))
  }
}
