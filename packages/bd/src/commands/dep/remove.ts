import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class DepRemove extends BdCommand {
  static override summary = 'Remove the dependency of <issue> on <depends-on>'
  static override aliases = ['dep:rm']
  static override examples = ['<%= config.bin %> dep remove bd-b2 bd-a1', '<%= config.bin %> dep rm b2 a1 --json']
  static override args = {
    issue: Args.string({ ignoreStdin: true, description: 'The bead that depends.', required: true }),
    'depends-on': Args.string({ ignoreStdin: true, description: 'The bead it depends on.', required: true }),
  }
}
