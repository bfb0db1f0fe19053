import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags } from '../flags.js'

export default class Stale extends BdCommand {
  static override summary = 'Beads not updated for a number of days (closed ones excluded), oldest first'
  static override examples = ['<%= config.bin %> stale', '<%= config.bin %> stale --days 7 --status in_progress --json']
  static override flags = {
    days: Flags.string({ char: 'd', description: 'Not updated for at least this many days.', default: '30' }),
    status: Flags.string({ char: 's', description: 'Only these statuses.', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '50' }),
  }
}
