import { BodyCommand } from '../bd-command.js'

export default class Onboard extends BodyCommand {
  static override summary = 'Print a snippet to paste into AGENTS.md or CLAUDE.md'
  static override examples = ['<%= config.bin %> onboard >> AGENTS.md', '<%= config.bin %> onboard --json']
}
