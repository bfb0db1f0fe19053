import { filterFrom } from '../filters.js'
import type { BdRun } from '../body.js'
import type Count from '../commands/count.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function count({ flags, io, tracker }: BdRun<typeof Count>): Promise<number | void> {
  const by = (['status', 'priority', 'type', 'assignee', 'label'] as const).find((g) => flags[`by-${g}`])
  const t = await tracker()
  const result = await t.count({ ...filterFrom(flags), status: flags.status, all: flags.all }, by)
  writeData(io, result, (result) =>
    'count' in result ? String(result.count) : [`Total: ${result.total}`, '', ...result.groups.map((g) => `${g.group}: ${g.count}`)].join('\n'),
  )
}
