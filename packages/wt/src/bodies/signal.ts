import type { WtRun } from '../body.js'
import type Signal from '../commands/signal.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function signal({ args, argv, io, pool }: WtRun<typeof Signal>): Promise<number | void> {
  const message = argv.slice(1).join(' ') || undefined
  const w = await (await pool()).signal(args.state, message)
  writeData(
    io,
    { name: w.name, bead: w.bead, signal: w.signal, message: w.signal_message, signal_at: w.signal_at },
    (s) => `${s.name}: ${s.signal}${s.message ? ` — ${s.message}` : ''}`,
  )
}
