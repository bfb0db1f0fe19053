import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Close extends WtCommand {
  static override summary = 'End a worker; close its bead only if its commits are merged into the base'
  static override examples = ['<%= config.bin %> close toast', '<%= config.bin %> close bd-a1b2 --json']
  static override args = { worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }) }
  static override flags = { force: Flags.boolean({ description: 'Even with uncommitted changes (they are lost).' }) }
}
