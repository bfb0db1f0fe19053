import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags } from '../flags.js'

export default class Count extends BdCommand {
  static override summary = 'Count beads matching the list filters, optionally grouped'
  static override description =
    'Closed beads count only with --all or --status. JSON: {"count":N}, or with a --by-* flag {"total":N,"groups":[{"group","count"}]}.'
  static override examples = [
    '<%= config.bin %> count',
    '<%= config.bin %> count --all --by-status --json',
    '<%= config.bin %> count --label backend --by-priority',
  ]
  static override flags = {
    status: Flags.string({ char: 's', description: 'Only these statuses.', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    ...filterFlags,
    all: Flags.boolean({ description: 'Include closed beads.' }),
    'by-status': Flags.boolean({ description: 'Group by status.', exclusive: ['by-priority', 'by-type', 'by-assignee', 'by-label'] }),
    'by-priority': Flags.boolean({ description: 'Group by priority.', exclusive: ['by-type', 'by-assignee', 'by-label'] }),
    'by-type': Flags.boolean({ description: 'Group by type.', exclusive: ['by-assignee', 'by-label'] }),
    'by-assignee': Flags.boolean({ description: 'Group by assignee.', exclusive: ['by-label'] }),
    'by-label': Flags.boolean({ description: 'Group by label (a bead counts once per label).' }),
  }
}
