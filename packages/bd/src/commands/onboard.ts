import { BaseCommand } from '@beadwork/core/cli/base-command'
import { onboardText } from '../onboarding.js'

export default class Onboard extends BaseCommand {
  static override summary = 'Print a snippet to paste into AGENTS.md or CLAUDE.md'
  static override examples = ['<%= config.bin %> onboard >> AGENTS.md', '<%= config.bin %> onboard --json']

  async run(): Promise<void> {
    await this.parse(Onboard)
    const text = onboardText()
    this.output({ markdown: text }, (shown) => shown.markdown)
  }
}
