import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Delete extends BdCommand {
  static override summary = 'Delete beads: each becomes a tombstone (preview unless --force)'
  static override description =
    'Without --force, shows what would be deleted and which dependents would become ready, and changes nothing. With --force, each bead becomes a tombstone (status tombstone, deleted_at, deleted_by), kept in issues.jsonl so other clones learn of the deletion and hidden from every view; edges to it stay but no longer block. Child numbers are never reused.'
  static override examples = ['<%= config.bin %> delete bd-a1b2', '<%= config.bin %> delete a1b2 c3d4 --force --json']
  static override strict = false
  static override args = { ids: Args.string({ ignoreStdin: true, description: 'Bead ids.', required: true }) }
  static override flags = { force: Flags.boolean({ char: 'f', description: 'Really delete (otherwise preview only).' }) }
}
