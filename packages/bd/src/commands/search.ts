import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags, filterFrom } from '../flags.js'
import { issueTable } from '../render.js'

export default class Search extends BdCommand {
  static override summary = 'Find beads whose title, description or id contains the text (case-insensitive)'
  static override description = 'Searches every status unless --status narrows it (as beads does). Takes the same filters as list.'
  static override examples = [
    '<%= config.bin %> search "login bug"',
    '<%= config.bin %> search cache --status open --label backend --json',
    '<%= config.bin %> search a1b2',
  ]
  static override strict = false
  static override args = { query: Args.string({ description: 'Text to look for (several words are searched as one phrase).', required: true }) }
  static override flags = {
    status: Flags.string({ char: 's', description: 'Only these statuses: open, in_progress, blocked, deferred, closed (and, for imported beads, hooked, pinned).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '50' }),
  }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Search)
    const query = (argv as string[]).join(' ')
    const tracker = await this.tracker(flags)
    const issues = await tracker.search(query, { ...filterFrom(flags), status: flags.status, all: true, limit: flags.limit })
    this.output(issues, (issues) => (issues.length ? `Found ${issues.length} matching ${JSON.stringify(query)}:\n${issueTable(issues)}` : `No beads match ${JSON.stringify(query)}.`))
  }
}
