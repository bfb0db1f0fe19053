import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags, filterFrom } from '../flags.js'
import { issueLine, issueTable } from '../render.js'
import { explanations } from '../render-plan.js'

export default class Ready extends BdCommand {
  static override summary = 'List beads ready to work on: open, no open blockers, not deferred'
  static override description = 'Ordered by priority, then oldest first (FIFO within a priority), then id. With --claim, atomically claims the first one for the acting actor: concurrent callers never get the same bead.'
  static override examples = [
    '<%= config.bin %> ready',
    '<%= config.bin %> ready --priority 0 --json',
    '<%= config.bin %> ready --label backend --unassigned --limit 5',
    '<%= config.bin %> ready --claim --actor agent-7 --json',
    '<%= config.bin %> ready --explain',
  ]
  static override flags = {
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '100' }),
    claim: Flags.boolean({ description: 'Claim the first ready bead (assignee = actor, status in_progress) and print it.', exclusive: ['explain'] }),
    explain: Flags.boolean({ description: 'Say for every bead `list` would show (same filters) why it is or is not ready: status, open blocker chain, held ancestor, future defer.' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Ready)
    const tracker = await this.tracker(flags)
    const filter = { ...filterFrom(flags), limit: flags.limit }
    if (flags.explain) {
      this.output(await tracker.explain({ filter: filterFrom(flags) }), explanations)
      return
    }
    if (flags.claim) {
      const claimed = await tracker.claimReady(filter)
      this.output(claimed ? [claimed] : [], ([shown]) => (shown ? `Claimed ${issueLine(shown)}` : 'No ready beads to claim.'))
      return
    }
    const issues = await tracker.ready(filter)
    this.output(issues, (issues) => (issues.length ? `Ready (${issues.length}):\n${issueTable(issues)}` : 'No ready beads.'))
  }
}
