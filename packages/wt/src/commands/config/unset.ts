import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ConfigUnset extends WtCommand {
  static override summary = 'Remove a config value (back to the global value or the default)'
  static override examples = ['<%= config.bin %> config unset agent.command', '<%= config.bin %> config unset ports --project api']
  static override args = { key: Args.string({ description: 'Config key.', required: true }) }
  static override flags = { project: Flags.string({ char: 'p', description: 'Only this project’s override.' }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ConfigUnset)
    const e = (await this.configStore()).unset(args.key, flags.project)
    this.output(e, (e) => `${e.key} = ${e.value ?? '(unset)'} (${e.source})`)
  }
}
