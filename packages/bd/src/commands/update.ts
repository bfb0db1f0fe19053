import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { fieldFlags } from '../flags.js'
import { issueLine } from '../render.js'

export default class Update extends BdCommand {
  static override summary = 'Change fields of one or more beads, or claim one'
  static override description = '--claim is a compare-and-swap: it succeeds when the bead is open and unassigned (or already yours), setting assignee and in_progress; otherwise it fails with "already claimed by <who>". All ids change together or none does.'
  static override examples = [
    '<%= config.bin %> update bd-a1b2 --claim --json',
    '<%= config.bin %> update a1b2 --status in_progress --priority P0',
    '<%= config.bin %> update a1b2 c3d4 --add-label urgent --remove-label later',
    '<%= config.bin %> update a1b2 --append-notes "Found the cause: stale cache"',
  ]
  static override strict = false
  static override args = { ids: Args.string({ description: 'Bead ids.', required: true }) }
  static override flags = {
    title: Flags.string({ description: 'New title.' }),
    ...fieldFlags,
    status: Flags.string({ char: 's', description: 'open, in_progress, blocked, deferred or closed.' }),
    'append-notes': Flags.string({ description: 'Add a line to the notes.' }),
    'add-label': Flags.string({ description: 'Add labels (comma-separated, repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    'remove-label': Flags.string({ description: 'Remove labels (comma-separated, repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    claim: Flags.boolean({ description: 'Claim for the acting actor (compare-and-swap).' }),
    lease: Flags.string({ description: 'How long the claim holds unless renewed (30m, 2h, 90s, 1d); past it the bead goes back to open. Claiming again renews it.', dependsOn: ['claim'] }),
  }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Update)
    const { isEmptyUpdate } = await import('@beadwork/core/tracker/update')
    const input = {
      title: flags.title,
      description: flags.description,
      design: flags.design,
      acceptance_criteria: flags.acceptance,
      notes: flags.notes,
      append_notes: flags['append-notes'],
      status: flags.status,
      priority: flags.priority,
      issue_type: flags.type,
      assignee: flags.assignee,
      external_ref: flags['external-ref'],
      estimated_minutes: flags.estimate,
      defer_until: flags.defer,
      add_labels: flags['add-label'],
      remove_labels: flags['remove-label'],
      claim: flags.claim,
      lease: flags.lease,
    }
    if (isEmptyUpdate(input)) return void this.note('No updates specified')
    const tracker = await this.tracker(flags)
    const issues = await tracker.update(argv as string[], input)
    this.output(issues, (issues) => issues.map((i) => `Updated ${issueLine(i)}`).join('\n'))
  }
}
