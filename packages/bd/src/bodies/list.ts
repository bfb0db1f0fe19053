import { filterFrom } from '../filters.js'
import type { BdRun } from '../body.js'
import type List from '../commands/list.js'
import { issueTable } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function list({ flags, io, tracker }: BdRun<typeof List>): Promise<number | void> {
  const t = await tracker()
  const issues = await t.list({ ...filterFrom(flags), status: flags.status, all: flags.all, limit: flags.limit })
  writeData(io, issues, (issues) => (issues.length ? issueTable(issues) : 'No beads found.'))
}
