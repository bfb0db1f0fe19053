import type { WtRun } from '../../body.js'
import type ConfigList from '../../commands/config/list.js'
import { writeData } from '@beadwork/core/cli/io'
import { table } from '@beadwork/core/cli/style'

export default async function configList({ flags, io, configStore }: WtRun<typeof ConfigList>): Promise<number | void> {
  const rows = (await configStore()).list(flags.project)
  writeData(io, rows, (rows) =>
    table(
      ['KEY', 'VALUE', 'SOURCE'],
      rows.map((e) => [e.key, e.value === undefined ? '' : String(e.value), e.source]),
    ),
  )
}
