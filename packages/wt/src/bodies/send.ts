import type { WtRun } from '../body.js'
import type Send from '../commands/send.js'
import { usageError, writeData } from '@beadwork/core/cli/io'

export default async function send({ args, argv, flags, io, pool }: WtRun<typeof Send>): Promise<number | void> {
  const text = argv.slice(1).join(' ')
  if (!text) throw usageError(`nothing to send: wt send ${args.worker} "<text>"`)
  const r = await (await pool()).send(args.worker, text, { raw: flags.raw })
  writeData(io, r, (r) => `sent to ${r.worker}`)
}
