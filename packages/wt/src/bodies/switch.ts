import type { WtRun } from '../body.js'
import type Switch from '../commands/switch.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function switchWorker({ args, io, pool }: WtRun<typeof Switch>): Promise<number | void> {
  const name = await (await pool()).switchTo(args.worker)
  writeData(io, { switched: name }, () => undefined)
}
