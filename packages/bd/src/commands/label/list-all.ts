import { table } from '@beadwork/core/cli/style'
import { BdCommand } from '../../bd-command.js'

export default class LabelListAll extends BdCommand {
  static override summary = 'List every label in use, with how many beads carry it'
  static override examples = ['<%= config.bin %> label list-all', '<%= config.bin %> label list-all --json']

  async run(): Promise<void> {
    const { flags } = await this.parse(LabelListAll)
    const tracker = await this.tracker(flags)
    const labels = await tracker.allLabels()
    this.output(labels, (labels) => (labels.length ? table(['LABEL', 'BEADS'], labels.map((l) => [l.label, String(l.count)])) : 'No labels in use.'))
  }
}
