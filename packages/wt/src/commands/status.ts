import { WtCommand } from '../wt-command.js'

export default class Status extends WtCommand {
  static override summary = 'Show this worker: bead, branch, port offset, dirty state (inside its worktree)'
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']
}
