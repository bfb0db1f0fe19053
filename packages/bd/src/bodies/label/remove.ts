import type { BdRun } from '../../body.js'
import type LabelRemove from '../../commands/label/remove.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function labelRemove({ argv, io, tracker }: BdRun<typeof LabelRemove>): Promise<number | void> {
  const words = argv
  const t = await tracker()
  const changes = await t.removeLabel(words.slice(0, -1), words.at(-1)!)
  writeData(io, changes, (changes) => changes.map((c) => `Removed label ${c.label} from ${c.issue_id}`).join('\n'))
}
