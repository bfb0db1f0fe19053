import type { WtRun } from '../body.js'
import type Status from '../commands/status.js'
import { state } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'

export default async function status({ io, pool }: WtRun<typeof Status>): Promise<number | void> {
  const s = await (await pool()).status()
  writeData(io, s, (s) =>
    [
      `${color.bold(s.name)} (${s.project}) ${state(s.state)}${s.signal ? `  signal: ${s.signal}${s.message ? ` — ${s.message}` : ''}` : ''}`,
      `Bead:     ${s.bead}  ${s.title}`,
      `Branch:   ${s.branch} (base ${s.base_branch}, ${s.commits_ahead} commit(s) ahead)`,
      `Offset:   ${s.port_offset}`,
      `Worktree: ${s.worktree}`,
      s.dirty ? `Dirty:    ${s.dirty_files.join(', ')}` : 'Clean',
    ].join('\n'),
  )
}
