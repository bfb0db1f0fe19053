import { filterFrom } from '../filters.js'
import type { BdRun } from '../body.js'
import type Search from '../commands/search.js'
import { issueTable } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function search({ argv, flags, io, tracker }: BdRun<typeof Search>): Promise<number | void> {
  const query = argv.join(' ')
  const t = await tracker()
  const issues = await t.search(query, { ...filterFrom(flags), status: flags.status, all: true, limit: flags.limit })
  writeData(io, issues, (issues) =>
    issues.length ? `Found ${issues.length} matching ${JSON.stringify(query)}:\n${issueTable(issues)}` : `No beads match ${JSON.stringify(query)}.`,
  )
}
