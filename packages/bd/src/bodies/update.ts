import type { BdRun } from '../body.js'
import type Update from '../commands/update.js'
import { issueLine } from '../render.js'
import { writeData, writeNote } from '@beadwork/core/cli/io'

export default async function update({ argv, flags, io, tracker }: BdRun<typeof Update>): Promise<number | void> {
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
  if (isEmptyUpdate(input)) return void writeNote(io, 'No updates specified')
  const t = await tracker()
  const issues = await t.update(argv, input)
  writeData(io, issues, (issues) => issues.map((i) => `Updated ${issueLine(i)}`).join('\n'))
}
