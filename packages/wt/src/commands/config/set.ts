import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ConfigSet extends WtCommand {
  static override summary = 'Set a config key (globally, or for one project)'
  static override examples = [
    '<%= config.bin %> config set agent.command "claude --model opus"',
    '<%= config.bin %> config set ports 5432,3000 --project api',
    '<%= config.bin %> config set agent.preset shell',
  ]
  static override args = {
    key: Args.string({ ignoreStdin: true, description: 'Config key.', required: true }),
    value: Args.string({ ignoreStdin: true, description: 'Value.', required: true }),
  }
  static override flags = { project: Flags.string({ char: 'p', description: 'Only for this project.' }) }
}
