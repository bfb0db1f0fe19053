import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class DepAdd extends BdCommand {
  static override summary = 'Add a dependency: <issue> depends on <depends-on>'
  static override description =
    'Types: blocks (default; <issue> is not ready until <depends-on> closes), parent-child (<issue> is the child), related, discovered-from. Cycles, self-edges, missing beads and a child blocked by its own ancestor are refused; nothing is written then.'
  static override examples = ['<%= config.bin %> dep add bd-b2 bd-a1', '<%= config.bin %> dep add b2 a1 --type related --json']
  static override args = {
    issue: Args.string({ ignoreStdin: true, description: 'The bead that depends.', required: true }),
    'depends-on': Args.string({ ignoreStdin: true, description: 'The bead it depends on.', required: true }),
  }
  static override flags = { type: Flags.string({ char: 't', description: 'blocks, parent-child, related or discovered-from.', default: 'blocks' }) }
}
