import { filterFrom } from '../filters.js'
import type { BdRun } from '../body.js'
import type Stale from '../commands/stale.js'
import { issueTable } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function stale({ flags, io, tracker }: BdRun<typeof Stale>): Promise<number | void> {
  const t = await tracker()
  const issues = await t.stale(flags.days, { ...filterFrom(flags), status: flags.status, limit: flags.limit })
  writeData(io, issues, (issues) =>
    issues.length ? `Not updated for ${flags.days}+ days (${issues.length}):\n${issueTable(issues)}` : `No beads untouched for ${flags.days} days.`,
  )
}
