import { filterFrom } from '../filters.js'
import type { BdRun } from '../body.js'
import type Ready from '../commands/ready.js'
import { issueLine, issueTable } from '../render.js'
import { explanations } from '../render-plan.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function ready({ flags, io, tracker }: BdRun<typeof Ready>): Promise<number | void> {
  const t = await tracker()
  const filter = { ...filterFrom(flags), limit: flags.limit }
  if (flags.explain) {
    writeData(io, await t.explain({ filter: filterFrom(flags) }), explanations)
    return
  }
  if (flags.claim) {
    const claimed = await t.claimReady({ ...filter, lease: flags.lease })
    writeData(io, claimed ? [claimed] : [], ([shown]) => (shown ? `Claimed ${issueLine(shown)}` : 'No ready beads to claim.'))
    return
  }
  const issues = await t.ready({ ...filter, lease: flags.lease })
  writeData(io, issues, (issues) => (issues.length ? `Ready (${issues.length}):\n${issueTable(issues)}` : 'No ready beads.'))
}
