import { BdCommand } from '../bd-command.js'

import { filterFlags } from '../flags.js'
export default class Blocked extends BdCommand {
  static override summary = 'List beads held back by open blockers, and beads marked blocked or deferred'
  static override examples = ['<%= config.bin %> blocked', '<%= config.bin %> blocked --json']
  static override flags = { ...filterFlags }
}
