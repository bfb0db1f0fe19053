import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags } from '../flags.js'

export default class Ready extends BdCommand {
  static override summary = 'List beads ready to work on: open, no open blockers, not deferred'
  static override description =
    'Ordered by priority, then oldest first (FIFO within a priority), then id. With --claim, atomically claims the first one for the acting actor: concurrent callers never get the same bead.'
  static override examples = [
    '<%= config.bin %> ready',
    '<%= config.bin %> ready --priority 0 --json',
    '<%= config.bin %> ready --label backend --unassigned --limit 5',
    '<%= config.bin %> ready --claim --actor agent-7 --json',
    '<%= config.bin %> ready --claim --lease 30m --json',
    '<%= config.bin %> ready --explain',
  ]
  static override flags = {
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '100' }),
    claim: Flags.boolean({ description: 'Claim the first ready bead (assignee = actor, status in_progress) and print it.', exclusive: ['explain'] }),
    lease: Flags.string({
      description: 'How long the claim holds unless renewed (30m, 2h, 90s, 1d); past it the bead goes back to open. Claiming again renews it.',
    }),
    explain: Flags.boolean({
      description: 'Say for every bead `list` would show (same filters) why it is or is not ready: status, open blocker chain, held ancestor, future defer.',
    }),
  }
}
