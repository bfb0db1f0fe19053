import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class LabelAdd extends BdCommand {
  static override summary = 'Add a label to one or more beads (idempotent)'
  static override description = 'The last argument is the label; the ones before it are bead ids. A bead that already has the label is left as it is.'
  static override examples = ['<%= config.bin %> label add bd-a1b2 backend', '<%= config.bin %> label add a1b2 c3d4 urgent --json']
  static override strict = false
  static override args = {
    ids: Args.string({ ignoreStdin: true, description: 'Bead ids, then the label.', required: true }),
    label: Args.string({ ignoreStdin: true, description: 'The label (no spaces or commas).', required: true }),
  }
}
