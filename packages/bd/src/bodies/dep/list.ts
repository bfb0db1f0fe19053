import type { BdRun } from '../../body.js'
import type DepList from '../../commands/dep/list.js'
import { issueTable } from '../../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function depList({ args, flags, io, tracker }: BdRun<typeof DepList>): Promise<number | void> {
  const t = await tracker()
  const items = await t.dependencies(args.id, { direction: flags.direction as 'down' | 'up', type: flags.type })
  writeData(io, items, (items) => (items.length ? issueTable(items) : 'No dependencies.'))
}
