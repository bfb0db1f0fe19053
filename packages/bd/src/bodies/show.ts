import type { BdRun } from '../body.js'
import type Show from '../commands/show.js'
import { issueDetails } from '../render.js'
import { explanationLines } from '../render-plan.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function show({ argv, flags, io, tracker }: BdRun<typeof Show>): Promise<number | void> {
  const t = await tracker()
  const details = await t.show(argv)
  if (flags.explain) {
    const why = await t.explain({ ids: details.map((d) => d.id) })
    const shown = details.map((d, i) => ({ ...d, readiness: { ready: why[i]!.ready, reasons: why[i]!.reasons } }))
    writeData(io, shown, (shown) => shown.map((d, i) => `${issueDetails(d)}\n\n${explanationLines(why[i]!)}`).join('\n\n'))
    return
  }
  writeData(io, details, (details) => details.map(issueDetails).join('\n\n'))
}
