import type { BdRun } from '../body.js'
import type Blocked from '../commands/blocked.js'
import { filterFrom } from '../filters.js'
import { blockedTable } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function blocked({ flags, io, tracker }: BdRun<typeof Blocked>): Promise<number | void> {
  const t = await tracker()
  const items = await t.blocked(filterFrom(flags))
  writeData(io, items, (items) => (items.length ? blockedTable(items) : 'Nothing is blocked.'))
}
