import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ConfigUnset extends WtCommand {
  static override summary = 'Remove a config value (back to the global value or the default)'
  static override examples = ['<%= config.bin %> config unset agent.command', '<%= config.bin %> config unset ports --project api']
  static override args = { key: Args.string({ ignoreStdin: true, description: 'Config key.', required: true }) }
  static override flags = { project: Flags.string({ char: 'p', description: 'Only this project’s override.' }) }
}
