import { Flags } from '@oclif/core'

const list = (description: string, char?: 'l' | 'p' | 't' | 's') => Flags.string({ description, char, multiple: true, multipleNonGreedy: true, delimiter: ',' })

/** list's and search's status filter. */
export const statusFlag = list('Only these statuses: open, in_progress, blocked, deferred, closed (and, for imported beads, hooked, pinned).', 's')

/** Filters shared by ready, list and blocked. */
export const filterFlags = {
  priority: list('Only these priorities (0-4 or P0-P4; repeat or comma-separate).', 'p'),
  assignee: Flags.string({ char: 'a', description: 'Only beads assigned to this actor.' }),
  unassigned: Flags.boolean({ description: 'Only beads with no assignee.', exclusive: ['assignee'] }),
  label: list('Only beads with all of these labels (repeat or comma-separate).', 'l'),
  'label-any': list('Only beads with at least one of these labels.'),
  type: list(
    'Only these types: bug, feature, task, epic, chore (and, for imported beads, message, agent, role, rig, gate, molecule, merge-request, event, convoy).',
    't',
  ),
  parent: Flags.string({ description: 'Only descendants of this bead (transitive).' }),
  sort: Flags.string({ description: 'Order: priority (then oldest, then id), oldest, or hybrid.' }),
}

/** Field flags shared by create and update. */
export const fieldFlags = {
  description: Flags.string({ char: 'd', description: 'Description (what and why).' }),
  design: Flags.string({ description: 'Design notes (how).' }),
  acceptance: Flags.string({ description: 'Acceptance criteria (when it is done).' }),
  notes: Flags.string({ description: 'Free-form notes.' }),
  priority: Flags.string({ char: 'p', description: 'Priority 0-4 or P0-P4 (0 = critical).' }),
  type: Flags.string({ char: 't', description: 'Type: bug, feature, task, epic, chore (aliases: feat, enhancement).' }),
  assignee: Flags.string({ char: 'a', description: 'Assignee.' }),
  'external-ref': Flags.string({ description: 'External reference, e.g. gh-42 (unique).' }),
  estimate: Flags.string({ char: 'e', description: 'Estimate in minutes.' }),
  defer: Flags.string({ description: 'Hide from ready until: ISO date or date-time, or +6h, +2d, +1w.' }),
}
