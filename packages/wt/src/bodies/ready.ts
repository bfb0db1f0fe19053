import type { WtRun } from '../body.js'
import type Ready from '../commands/ready.js'
import { countFlag, writeData } from '@beadwork/core/cli/io'
import { color, table, truncate } from '@beadwork/core/cli/style'

export default async function ready({ args, flags, io, pool }: WtRun<typeof Ready>): Promise<number | void> {
  const rows = await (await pool()).ready({
    project: args.project,
    priority: flags.priority,
    unassigned: flags.unassigned,
    limit: countFlag('limit', flags.limit),
  })
  writeData(io, rows, (rows) =>
    rows.length
      ? table(
          ['PROJECT', 'ID', 'P', 'TYPE', 'ASSIGNEE', 'TITLE'],
          rows.map((r) => [r.project, color.bold(r.id), `P${r.priority}`, r.issue_type, r.assignee ?? '', truncate(r.title, 60)]),
        )
      : 'No ready beads. (bd blocked shows what waits on what.)',
  )
}
