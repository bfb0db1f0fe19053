import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ConfigGet extends WtCommand {
  static override summary = 'Print the effective value of a config key'
  static override examples = ['<%= config.bin %> config get agent.command', '<%= config.bin %> config get base_branch --project api --json']
  static override args = { key: Args.string({ ignoreStdin: true, description: 'Config key (see wt config list).', required: true }) }
  static override flags = { project: Flags.string({ char: 'p', description: 'With this project’s override.' }) }
}
