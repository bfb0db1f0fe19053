import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class DepTree extends BdCommand {
  static override summary = 'Show the dependency tree below a bead (or its dependents with --direction up)'
  static override examples = ['<%= config.bin %> dep tree bd-a1', '<%= config.bin %> dep tree a1 --direction up --max-depth 3 --json']
  static override args = { id: Args.string({ ignoreStdin: true, description: 'Root bead id.', required: true }) }
  static override flags = {
    direction: Flags.string({ description: 'down: what it depends on; up: what depends on it.', options: ['down', 'up'], default: 'down' }),
    'max-depth': Flags.string({ description: 'Stop this many levels down.', default: '50' }),
  }
}
