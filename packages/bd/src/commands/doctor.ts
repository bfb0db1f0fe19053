import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Doctor extends BdCommand {
  static override summary = 'Check the database, its schema, readiness data and the JSONL; say how to fix problems'
  static override description =
    'Checks SQLite integrity and foreign keys, the schema version, WAL mode, stored readiness, whether .beads/issues.jsonl matches the database (no conflict markers, no id on two lines), temp files or an unfinished write left by a killed command, and the .gitattributes merge rule. Exit 1 when an error is found. --fix recomputes readiness, finishes or removes what a killed write left, and re-exports the JSONL.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --fix', '<%= config.bin %> doctor --json']
  static override flags = { fix: Flags.boolean({ description: 'Repair what can be repaired safely (readiness, a missing or stale JSONL).' }) }
}
