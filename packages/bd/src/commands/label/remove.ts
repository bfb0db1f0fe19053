import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class LabelRemove extends BdCommand {
  static override summary = 'Remove a label from one or more beads (idempotent)'
  static override description = 'The last argument is the label; the ones before it are bead ids.'
  static override examples = ['<%= config.bin %> label remove bd-a1b2 backend', '<%= config.bin %> label remove a1b2 c3d4 urgent --json']
  static override aliases = ['label:rm']
  static override strict = false
  static override args = {
    ids: Args.string({ description: 'Bead ids, then the label.', required: true }),
    label: Args.string({ description: 'The label.', required: true }),
  }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(LabelRemove)
    const words = argv as string[]
    const tracker = await this.tracker(flags)
    const changes = await tracker.removeLabel(words.slice(0, -1), words.at(-1)!)
    this.output(changes, (changes) => changes.map((c) => `Removed label ${c.label} from ${c.issue_id}`).join('\n'))
  }
}
