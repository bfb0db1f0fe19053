import type { BdRun } from '../../body.js'
import type LabelList from '../../commands/label/list.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function labelList({ args, io, tracker }: BdRun<typeof LabelList>): Promise<number | void> {
  const t = await tracker()
  const labels = await t.labels(args.id)
  writeData(io, labels, (labels) => (labels.length ? labels.join('\n') : 'No labels.'))
}
