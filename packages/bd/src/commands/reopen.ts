import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Reopen extends BdCommand {
  static override summary = 'Reopen closed beads'
  static override examples = ['<%= config.bin %> reopen bd-a1b2', '<%= config.bin %> reopen a1b2 -r "Regressed in 2.3" --json']
  static override strict = false
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids.', required: true }) }
  static override flags = { reason: Flags.string({ char: 'r', description: 'Why it is reopened (recorded in the event log).' }) }
}
