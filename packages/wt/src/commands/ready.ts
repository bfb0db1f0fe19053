import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Ready extends WtCommand {
  static override summary = 'List ready beads across every registered project'
  static override description =
    "Open, unblocked, not deferred beads of each project (epics left out), by priority then age, with a project column. Read in-process from each project's tracker."
  static override examples = ['<%= config.bin %> ready', '<%= config.bin %> ready api -p 0', '<%= config.bin %> ready -p 0,1 --json']
  static override args = { project: Args.string({ ignoreStdin: true, description: 'Only this project.' }) }
  static override flags = {
    priority: Flags.string({ char: 'p', description: 'Only these priorities (e.g. 0 or 0,1).', multiple: true, delimiter: ',' }),
    unassigned: Flags.boolean({ description: 'Only beads nobody has claimed (what wt new --ready takes).' }),
    limit: Flags.string({ char: 'n', description: 'At most this many.' }),
  }
}
