import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Done extends WtCommand {
  static override summary = 'Finish this worker (inside its worktree): rebase, merge or open a PR, close the bead, end'
  static override description =
    'Refuses with uncommitted changes. On a rebase conflict it lists the files, aborts the rebase and keeps the worker. Ends its own tmux session last.'
  static override examples = ['<%= config.bin %> done', '<%= config.bin %> done --merge-mode pr', '<%= config.bin %> done --no-rebase']
  static override flags = {
    'merge-mode': Flags.string({
      description: 'direct (merge into the base) or pr (push and open a PR). Default: config merge_mode.',
      options: ['direct', 'pr'],
    }),
    'no-rebase': Flags.boolean({ description: 'Do not rebase on the base first.' }),
  }
}
