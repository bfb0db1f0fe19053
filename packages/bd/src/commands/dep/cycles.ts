import { BdCommand } from '../../bd-command.js'

export default class DepCycles extends BdCommand {
  static override summary = 'Find dependency cycles (blocks and parent-child edges)'
  static override description =
    'bd refuses edges that close a cycle, but imported data may carry some. Exits 0 either way; --json prints an array of cycles, each an array of ids.'
  static override examples = ['<%= config.bin %> dep cycles', '<%= config.bin %> dep cycles --json']
}
