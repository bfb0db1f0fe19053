import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Close extends BdCommand {
  static override summary = 'Close beads (refused while they have open blockers, unless --force)'
  static override examples = [
    '<%= config.bin %> close bd-a1b2',
    '<%= config.bin %> close a1b2 c3d4 -r "Fixed in 4f2e1c"',
    '<%= config.bin %> close a1b2 --force --json',
  ]
  static override strict = false
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids.', required: true }) }
  static override flags = {
    reason: Flags.string({ char: 'r', description: 'Why it is closed (default: Closed).' }),
    force: Flags.boolean({ char: 'f', description: 'Close even with open blockers.' }),
  }
}
