import { BaseCommand } from '@beadwork/core/cli/base-command'
import { quickstartText } from '../onboarding.js'

export default class Quickstart extends BaseCommand {
  static override summary = 'A short tutorial: set up, create, find ready work, claim, close, share'
  static override examples = ['<%= config.bin %> quickstart']
  static override enableJsonFlag = false

  async run(): Promise<void> {
    await this.parse(Quickstart)
    process.stdout.write(quickstartText())
  }
}
