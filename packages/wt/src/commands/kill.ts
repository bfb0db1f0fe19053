import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Kill extends WtCommand {
  static override summary = 'End a worker: session and worktree go, the branch stays, the bead returns to open'
  static override examples = ['<%= config.bin %> kill toast', '<%= config.bin %> kill bd-a1b2 --keep-worktree', '<%= config.bin %> kill toast --force']
  static override args = { worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }) }
  static override flags = {
    'keep-worktree': Flags.boolean({ description: 'Leave the worktree on disk.' }),
    force: Flags.boolean({ description: 'Even with uncommitted changes (they are lost).' }),
  }
}
