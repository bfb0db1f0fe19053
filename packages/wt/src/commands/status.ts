import { color } from '@beadwork/core/cli/style'
import { WtCommand } from '../wt-command.js'
import { state } from '../render.js'

export default class Status extends WtCommand {
  static override summary = 'Show this worker: bead, branch, port offset, dirty state (inside its worktree)'
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']

  async run(): Promise<void> {
    await this.parse(Status)
    const s = await (await this.pool()).status()
    this.output(s, (s) =>
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
}
