import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class LabelList extends BdCommand {
  static override summary = "List a bead's labels"
  static override examples = ['<%= config.bin %> label list bd-a1b2', '<%= config.bin %> label list a1b2 --json']
  static override args = { id: Args.string({ ignoreStdin: true, description: 'Bead id.', required: true }) }
}
