import type { WtRun } from '../body.js'
import type Kill from '../commands/kill.js'
import { endText } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function kill({ args, flags, io, pool }: WtRun<typeof Kill>): Promise<number | void> {
  const r = await (await pool()).kill(args.worker, { keepWorktree: flags['keep-worktree'], force: flags.force })
  writeData(io, r, (r) => endText(r))
}
