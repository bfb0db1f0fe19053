import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class DepList extends BdCommand {
  static override summary = 'List what a bead depends on (down) or what depends on it (up)'
  static override examples = ['<%= config.bin %> dep list bd-a1', '<%= config.bin %> dep list a1 --direction up --type blocks --json']
  static override args = { id: Args.string({ ignoreStdin: true, description: 'Bead id.', required: true }) }
  static override flags = {
    direction: Flags.string({ description: 'down: its dependencies; up: its dependents.', options: ['down', 'up'], default: 'down' }),
    type: Flags.string({ char: 't', description: 'Only edges of this type.' }),
  }
}
