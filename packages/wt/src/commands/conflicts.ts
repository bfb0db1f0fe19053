import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Conflicts extends WtCommand {
  static override summary = 'See conflicts coming: every pair of live workers, and each against its base'
  static override description =
    'Predicts textual conflicts with `git merge-tree --write-tree` on the committed branches (no worktree or index is touched) and lists the files two workers both change, committed or not, even where git would merge them cleanly.'
  static override examples = ['<%= config.bin %> conflicts', '<%= config.bin %> conflicts --project api --json']
  static override flags = { project: Flags.string({ description: 'Only this project.' }) }
}
