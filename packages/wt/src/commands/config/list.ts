import { Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ConfigList extends WtCommand {
  static override summary = 'List every config key with its effective value and where it comes from'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --project api --json']
  static override flags = { project: Flags.string({ char: 'p', description: 'With this project’s overrides.' }) }
}
