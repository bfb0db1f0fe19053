import { Args } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class LabelList extends BdCommand {
  static override summary = "List a bead's labels"
  static override examples = ['<%= config.bin %> label list bd-a1b2', '<%= config.bin %> label list a1b2 --json']
  static override args = { id: Args.string({ description: 'Bead id.', required: true }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LabelList)
    const tracker = await this.tracker(flags)
    const labels = await tracker.labels(args.id)
    this.output(labels, (labels) => (labels.length ? labels.join('\n') : 'No labels.'))
  }
}
