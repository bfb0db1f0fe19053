import type { BdRun } from '../body.js'
import type Create from '../commands/create.js'
import { issueLine } from '../render.js'
import { usageError, writeData } from '@beadwork/core/cli/io'

export default async function create({ args, flags, io, tracker }: BdRun<typeof Create>): Promise<number | void> {
  const title = flags.title ?? args.title
  if (flags.title && args.title) throw usageError(`give the title once: as an argument or with --title, not both ("${args.title}")`)
  if (title === undefined) throw usageError('missing title: bd create "Title" (or --title)')
  const t = await tracker()
  const issue = await t.create({
    title,
    description: flags.description,
    design: flags.design,
    acceptance_criteria: flags.acceptance,
    notes: flags.notes,
    priority: flags.priority,
    issue_type: flags.type,
    assignee: flags.assignee,
    labels: flags.labels,
    parent: flags.parent,
    deps: flags.deps,
    external_ref: flags['external-ref'],
    estimated_minutes: flags.estimate,
    defer_until: flags.defer,
    id: flags.id,
  })
  if (flags.silent && !io.json) return void io.stdout.write(issue.id + '\n')
  writeData(io, issue, (issue) => `Created ${issueLine(issue)}`)
}
