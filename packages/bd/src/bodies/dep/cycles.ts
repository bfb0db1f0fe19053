import type { BdRun } from '../../body.js'
import type DepCycles from '../../commands/dep/cycles.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function depCycles({ io, tracker }: BdRun<typeof DepCycles>): Promise<number | void> {
  const t = await tracker()
  const cycles = await t.cycles()
  writeData(io, cycles, (cycles) => (cycles.length ? cycles.map((c) => [...c, c[0]].join(' -> ')).join('\n') : 'No dependency cycles.'))
}
