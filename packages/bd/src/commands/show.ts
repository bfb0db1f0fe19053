import { Args } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Show extends BdCommand {
  static override summary = 'Show beads in full: fields, dependencies, dependents, comments'
  static override examples = ['<%= config.bin %> show bd-a1b2', '<%= config.bin %> show a1b2 c3d4 --json']
  static override strict = false
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids (full, without prefix, or a unique part).', required: true }) }
}
