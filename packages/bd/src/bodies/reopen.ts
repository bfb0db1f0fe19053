import type { BdRun } from '../body.js'
import type Reopen from '../commands/reopen.js'
import { issueLine } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function reopen({ argv, flags, io, tracker }: BdRun<typeof Reopen>): Promise<number | void> {
  const t = await tracker()
  const issues = await t.reopen(argv, { reason: flags.reason })
  writeData(io, issues, (issues) => issues.map((i) => `Reopened ${issueLine(i)}`).join('\n'))
}
