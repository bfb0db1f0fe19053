import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { fieldFlags } from '../flags.js'
import { issueLine } from '../render.js'

export default class Create extends BdCommand {
  static override summary = 'Create a bead'
  static override examples = [
    '<%= config.bin %> create "Fix login timeout" -p 1 -t bug -l auth,backend',
    '<%= config.bin %> create "Write migration" --parent bd-a1b2 --deps bd-c3d4 --silent',
    '<%= config.bin %> create --title "Follow-up" --deps discovered-from:bd-a1b2 --defer +2d --json',
  ]
  static override args = { title: Args.string({ description: 'Title (or use --title).' }) }
  static override flags = {
    title: Flags.string({ description: 'Title (1-500 characters).' }),
    ...fieldFlags,
    labels: Flags.string({ char: 'l', description: 'Labels, comma-separated (repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    parent: Flags.string({ description: 'Parent bead: the new one becomes <parent>.N.' }),
    deps: Flags.string({ description: 'Dependencies: ID or blocked-by:ID (new bead waits), blocks:ID (ID waits), related:ID, discovered-from:ID.', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    id: Flags.string({ description: 'Explicit id (must use this workspace prefix).' }),
    silent: Flags.boolean({ description: 'Print only the new id.' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Create)
    const title = flags.title ?? args.title
    if (flags.title && args.title) this.error(`give the title once: as an argument or with --title, not both ("${args.title}")`, { exit: 2 })
    if (title === undefined) this.error('missing title: bd create "Title" (or --title)', { exit: 2 })
    const tracker = await this.tracker(flags)
    const issue = await tracker.create({
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
    if (flags.silent && !this.json) return void process.stdout.write(issue.id + '\n')
    this.output(issue, (issue) => `Created ${issueLine(issue)}`)
  }
}
