import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Brief extends WtCommand {
  static override summary = 'A compact hand-off for a fresh hub session, built from disk'
  static override description =
    'Live workers with bead, state, quiet time, progress and last message; the workers that ended since --since (default 12h); and the suggested next actions. Meant to be pasted into, or run by, a new hub session.'
  static override examples = ['<%= config.bin %> brief', '<%= config.bin %> brief --since 2h', '<%= config.bin %> brief --json']
  static override flags = { since: Flags.string({ description: 'Report ended workers since a duration ago (30m, 8h, 1d) or a date.' }) }
}
