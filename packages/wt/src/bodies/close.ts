import type { WtRun } from '../body.js'
import type Close from '../commands/close.js'
import { endText } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function closeWorker({ args, flags, io, pool }: WtRun<typeof Close>): Promise<number | void> {
  const r = await (await pool()).closeWorker(args.worker, { force: flags.force })
  writeData(io, r, (r) => endText(r))
}
