import type { BdRun } from '../../body.js'
import type LabelAdd from '../../commands/label/add.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function labelAdd({ argv, io, tracker }: BdRun<typeof LabelAdd>): Promise<number | void> {
  const words = argv
  const t = await tracker()
  const changes = await t.addLabel(words.slice(0, -1), words.at(-1)!)
  writeData(io, changes, (changes) => changes.map((c) => `Added label ${c.label} to ${c.issue_id}`).join('\n'))
}
