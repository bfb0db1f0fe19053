import { BaseCommand } from '@beadwork/core/cli/base-command'

export default class Version extends BaseCommand {
  static override summary = 'Print the wt version'
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> --version']

  async run(): Promise<void> {
    await this.parse(Version)
    this.output({ version: this.config.version }, () => `wt ${this.config.version}`)
  }
}
