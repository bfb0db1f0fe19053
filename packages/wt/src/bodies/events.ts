import type { WtRun } from '../body.js'
import type Events from '../commands/events.js'
import { countFlag, writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'

export default async function events({ flags, io, pool }: WtRun<typeof Events>): Promise<number | void> {
  const rows = await (await pool()).events({ since: flags.since, limit: countFlag('limit', flags.limit), worker: flags.worker })
  writeData(io, rows, (rows) =>
    rows.length
      ? rows.map((e) => `${color.dim(e.at.replace('T', ' ').slice(0, 19))}  ${(e.worker ?? '-').padEnd(10)} ${e.type.padEnd(14)} ${e.message ?? ''}`).join('\n')
      : 'No events.',
  )
}
