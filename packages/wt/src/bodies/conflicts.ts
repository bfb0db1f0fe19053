import type { WtRun } from '../body.js'
import type Conflicts from '../commands/conflicts.js'
import { conflictReport } from '../render-landing.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function conflicts({ flags, io, pool }: WtRun<typeof Conflicts>): Promise<number | void> {
  writeData(io, await (await pool()).conflicts({ project: flags.project }), conflictReport)
}
