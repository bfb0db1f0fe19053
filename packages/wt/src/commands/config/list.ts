import { Flags } from '@oclif/core'
import { table } from '@beadwork/core/cli/style'
import { WtCommand } from '../../wt-command.js'

export default class ConfigList extends WtCommand {
  static override summary = 'List every config key with its effective value and where it comes from'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --project api --json']
  static override flags = { project: Flags.string({ char: 'p', description: 'With this project’s overrides.' }) }

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigList)
    const rows = (await this.configStore()).list(flags.project)
    this.output(rows, (rows) => table(['KEY', 'VALUE', 'SOURCE'], rows.map((e) => [e.key, e.value === undefined ? '' : String(e.value), e.source])))
  }
}
