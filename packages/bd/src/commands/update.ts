import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { fieldFlags } from '../flags.js'

export default class Update extends BdCommand {
  static override summary = 'Change fields of one or more beads, or claim one'
  static override description =
    '--claim is a compare-and-swap: it succeeds when the bead is open and unassigned (or already yours), setting assignee and in_progress; otherwise it fails with "already claimed by <who>". All ids change together or none does.'
  static override examples = [
    '<%= config.bin %> update bd-a1b2 --claim --json',
    '<%= config.bin %> update a1b2 --status in_progress --priority P0',
    '<%= config.bin %> update a1b2 c3d4 --add-label urgent --remove-label later',
    '<%= config.bin %> update a1b2 --append-notes "Found the cause: stale cache"',
  ]
  static override strict = false
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids.', required: true }) }
  static override flags = {
    title: Flags.string({ description: 'New title.' }),
    ...fieldFlags,
    status: Flags.string({ char: 's', description: 'open, in_progress, blocked, deferred or closed.' }),
    'append-notes': Flags.string({ description: 'Add a line to the notes.' }),
    'add-label': Flags.string({ description: 'Add labels (comma-separated, repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    'remove-label': Flags.string({ description: 'Remove labels (comma-separated, repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    claim: Flags.boolean({ description: 'Claim for the acting actor (compare-and-swap).' }),
    lease: Flags.string({
      description: 'How long the claim holds unless renewed (30m, 2h, 90s, 1d); past it the bead goes back to open. Claiming again renews it.',
    }),
  }
}
