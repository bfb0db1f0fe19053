import type { WtRun } from '../body.js'
import type List from '../commands/list.js'
import { workerTable } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function list({ flags, io, pool }: WtRun<typeof List>): Promise<number | void> {
  const rows = await (await pool()).list({ all: flags.all, project: flags.project })
  writeData(io, rows, (rows) => (rows.length ? workerTable(rows) : 'No workers. Spawn one: wt new <bead> --no-switch (see bd ready).'))
}
