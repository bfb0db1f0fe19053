import { BdCommand } from '../bd-command.js'

export default class Stats extends BdCommand {
  static override summary = 'Counts by state, ready work, and average lead time'
  static override examples = ['<%= config.bin %> stats', '<%= config.bin %> stats --json']
}
