import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Switch extends WtCommand {
  static override hidden = true
  static override summary = 'Switch to a worker (what `wt <name|bead>` runs)'
  static override examples = ['<%= config.bin %> toast', '<%= config.bin %> bd-a1b2']
  static override args = { worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }) }
}
