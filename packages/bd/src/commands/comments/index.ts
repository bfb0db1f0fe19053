import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class Comments extends BdCommand {
  static override summary = "Show a bead's comments, oldest first"
  static override examples = [
    '<%= config.bin %> comments bd-a1b2',
    '<%= config.bin %> comments a1b2 --json',
    '<%= config.bin %> comments add a1b2 "Root cause: stale cache"',
  ]
  static override args = { id: Args.string({ ignoreStdin: true, description: 'Bead id.', required: true }) }
}
