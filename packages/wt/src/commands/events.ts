import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Events extends WtCommand {
  static override summary = 'Show the event log (spawns, messages, signals, state changes, ends)'
  static override examples = ['<%= config.bin %> events', '<%= config.bin %> events --since 1h', '<%= config.bin %> events -n 200 --json']
  static override flags = {
    since: Flags.string({ description: 'Only events since a duration ago (30s, 10m, 2h, 1d) or a date.' }),
    limit: Flags.string({ char: 'n', description: 'How many of the latest events.', default: '50' }),
    worker: Flags.string({ char: 'w', description: 'Only this worker name.' }),
  }
}
