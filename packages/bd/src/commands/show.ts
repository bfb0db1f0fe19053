import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Show extends BdCommand {
  static override summary = 'Show beads in full: fields, dependencies, dependents, comments'
  static override examples = ['<%= config.bin %> show bd-a1b2', '<%= config.bin %> show a1b2 c3d4 --json', '<%= config.bin %> show a1b2 --explain']
  static override strict = false
  static override flags = { explain: Flags.boolean({ description: 'Add why each bead is or is not ready (`readiness` in --json).' }) }
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids (full, without prefix, or a unique part).', required: true }) }
}
