import type { BdRun } from '../body.js'
import type Stats from '../commands/stats.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function stats({ io, tracker }: BdRun<typeof Stats>): Promise<number | void> {
  const t = await tracker()
  const result = await t.stats()
  const s = result.summary
  writeData(io, result, (_result) =>
    [
      `Total:          ${s.total_issues}`,
      `Open:           ${s.open_issues}`,
      `In progress:    ${s.in_progress_issues}`,
      `Blocked:        ${s.blocked_issues}`,
      `Deferred:       ${s.deferred_issues}`,
      `Closed:         ${s.closed_issues}`,
      `Ready:          ${s.ready_issues}`,
      `Avg lead time:  ${s.average_lead_time_hours} h`,
    ].join('\n'),
  )
}
