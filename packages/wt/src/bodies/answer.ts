import type { WtRun } from '../body.js'
import type Answer from '../commands/answer.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function answer({ args, argv, io, pool }: WtRun<typeof Answer>): Promise<number | void> {
  const option = argv.slice(1).join(' ')
  const r = await (await pool()).answer(args.worker, option)
  writeData(
    io,
    r,
    () => `${r.worker}: ${r.menu.question ?? r.menu.kind} → ${r.picked.number}. ${r.picked.label}${r.next ? `\nnext: ${r.next.question ?? r.next.kind}` : ''}`,
  )
}
