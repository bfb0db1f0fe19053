import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Export extends BdCommand {
  static override summary = 'Write every bead as JSONL (the beads line format) to stdout or a file'
  static override description =
    'One bead per line, sorted by id, with labels, dependencies and comments embedded: the format of the public beads tracker. A file is written atomically (temp file + rename). .beads/issues.jsonl is kept up to date by every write already; use this for backups and migrations.'
  static override examples = ['<%= config.bin %> export > backup.jsonl', '<%= config.bin %> export -o backup.jsonl']
  static override enableJsonFlag = false
  static override flags = { output: Flags.string({ char: 'o', description: 'Write to this file instead of stdout.' }) }
}
