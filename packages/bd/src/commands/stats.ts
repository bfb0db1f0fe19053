import { BdCommand } from '../bd-command.js'

export default class Stats extends BdCommand {
  static override summary = 'Counts by state, ready work, and average lead time'
  static override examples = ['<%= config.bin %> stats', '<%= config.bin %> stats --json']

  async run(): Promise<void> {
    const { flags } = await this.parse(Stats)
    const tracker = await this.tracker(flags)
    const result = await tracker.stats()
    const s = result.summary
    this.output(result, (result) =>
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
}
