import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class LabelRemove extends BdCommand {
  static override summary = 'Remove a label from one or more beads (idempotent)'
  static override description = 'The last argument is the label; the ones before it are bead ids.'
  static override examples = ['<%= config.bin %> label remove bd-a1b2 backend', '<%= config.bin %> label remove a1b2 c3d4 urgent --json']
  static override aliases = ['label:rm']
  static override strict = false
  static override args = {
    ids: Args.string({ ignoreStdin: true, description: 'Bead ids, then the label.', required: true }),
    label: Args.string({ ignoreStdin: true, description: 'The label.', required: true }),
  }
}
