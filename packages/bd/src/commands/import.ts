import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Import extends BdCommand {
  static override summary = 'Merge a JSONL file (beads line format) into the tracker'
  static override description =
    'Unchanged lines are skipped; otherwise the later updated_at wins; new ids are created with their labels, dependencies and comments. Without -i, re-reads .beads/issues.jsonl (what every command does by itself after a git pull). A file with merge-conflict markers is refused, naming the lines. Summary on stderr: N created, N updated, N unchanged.'
  static override examples = [
    '<%= config.bin %> import -i backup.jsonl',
    '<%= config.bin %> import -i ../other-repo/.beads/issues.jsonl --dry-run',
    'cat beads.jsonl | <%= config.bin %> import -i - --json',
    '<%= config.bin %> import',
  ]
  static override flags = {
    input: Flags.string({ char: 'i', description: 'File to import ("-" for stdin; default: .beads/issues.jsonl).' }),
    'dry-run': Flags.boolean({ description: 'Report what would change; write nothing.' }),
  }
}
