import type { BdRun } from '../body.js'
import type Close from '../commands/close.js'
import { issueLine } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function close({ argv, flags, io, tracker }: BdRun<typeof Close>): Promise<number | void> {
  const t = await tracker()
  const issues = await t.close(argv, { reason: flags.reason, force: flags.force })
  writeData(io, issues, (issues) => issues.map((i) => `Closed ${issueLine(i)}`).join('\n'))
}
