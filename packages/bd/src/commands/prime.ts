import { BdCommand } from '../bd-command.js'

export default class Prime extends BdCommand {
  static override summary = "Workflow primer for an agent's session start: commands, ready count, in-progress beads"
  static override description =
    'Compact (under ~1.5k tokens) so it can be injected into an agent context at every session start, e.g. from a SessionStart hook.'
  static override examples = ['<%= config.bin %> prime', '<%= config.bin %> prime --json']
}
