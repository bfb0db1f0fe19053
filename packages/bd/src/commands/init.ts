import { Flags } from '@oclif/core'
import { BodyCommand } from '../bd-command.js'

export default class Init extends BodyCommand {
  static override summary = 'Create a beads workspace (.beads/) in the current directory'
  static override description =
    "Creates .beads/beads.db (SQLite, WAL), .beads/issues.jsonl (the git-tracked export) and a .gitignore for the database files, and makes git merge the JSONL with `bd merge-driver` (.gitattributes and this clone's git config; an existing merge=union line is switched over). The id prefix defaults to the directory name."
  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --prefix api',
    '<%= config.bin %> init --force --quiet',
    '<%= config.bin %> init --database-url "postgres://bd@db.internal:5432/beads?schema=api"',
  ]
  static override flags = {
    prefix: Flags.string({ description: 'Id prefix, e.g. api → api-a1b2 (default: the directory name).' }),
    force: Flags.boolean({ description: 'Re-initialise an existing workspace (its beads are kept).' }),
    quiet: Flags.boolean({ char: 'q', description: 'Print nothing on success.' }),
    'database-url': Flags.string({
      description:
        'Keep the tracker in PostgreSQL instead: postgres://USER@HOST:PORT/DB?schema=NAME. Recorded in .beads/config.yaml without a password (give it in PGPASSWORD or ~/.pgpass); BEADS_DATABASE_URL overrides it per machine.',
    }),
  }
}
