import type { WtRun } from '../body.js'
import type Done from '../commands/done.js'
import { endText } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function done({ flags, io, pool }: WtRun<typeof Done>): Promise<number | void> {
  await (await pool()).done({ mergeMode: flags['merge-mode'] as 'direct' | 'pr' | undefined, noRebase: flags['no-rebase'] }, (r) =>
    writeData(io, r, (r) => endText(r)),
  )
}
