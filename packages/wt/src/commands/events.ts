import { Flags } from '@oclif/core'
import { color } from '@beadwork/core/cli/style'
import { WtCommand } from '../wt-command.js'

export default class Events extends WtCommand {
  static override summary = 'Show the event log (spawns, messages, signals, state changes, ends)'
  static override examples = ['<%= config.bin %> events', '<%= config.bin %> events --since 1h', '<%= config.bin %> events -n 200 --json']
  static override flags = {
    since: Flags.string({ description: 'Only events since a duration ago (30s, 10m, 2h, 1d) or a date.' }),
    limit: Flags.integer({ char: 'n', description: 'How many of the latest events.', default: 50, min: 1 }),
    worker: Flags.string({ char: 'w', description: 'Only this worker name.' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Events)
    const rows = await (await this.pool()).events({ since: flags.since, limit: flags.limit, worker: flags.worker })
    this.output(rows, (rows) =>
      rows.length ? rows.map((e) => `${color.dim(e.at.replace('T', ' ').slice(0, 19))}  ${(e.worker ?? '-').padEnd(10)} ${e.type.padEnd(14)} ${e.message ?? ''}`).join('\n') : 'No events.',
    )
  }
}
