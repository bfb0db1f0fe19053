import type { BdRun } from '../../body.js'
import type LabelListAll from '../../commands/label/list-all.js'
import { writeData } from '@beadwork/core/cli/io'
import { table } from '@beadwork/core/cli/style'

export default async function labelListAll({ io, tracker }: BdRun<typeof LabelListAll>): Promise<number | void> {
  const t = await tracker()
  const labels = await t.allLabels()
  writeData(io, labels, (labels) =>
    labels.length
      ? table(
          ['LABEL', 'BEADS'],
          labels.map((l) => [l.label, String(l.count)]),
        )
      : 'No labels in use.',
  )
}
