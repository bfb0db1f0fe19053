import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { fieldFlags } from '../flags.js'

export default class Create extends BdCommand {
  static override summary = 'Create a bead'
  static override examples = [
    '<%= config.bin %> create "Fix login timeout" -p 1 -t bug -l auth,backend',
    '<%= config.bin %> create "Write migration" --parent bd-a1b2 --deps bd-c3d4 --silent',
    '<%= config.bin %> create --title "Follow-up" --deps discovered-from:bd-a1b2 --defer +2d --json',
  ]
  static override args = { title: Args.string({ ignoreStdin: true, description: 'Title (or use --title).' }) }
  static override flags = {
    title: Flags.string({ description: 'Title (1-500 characters).' }),
    ...fieldFlags,
    labels: Flags.string({ char: 'l', description: 'Labels, comma-separated (repeatable).', multiple: true, multipleNonGreedy: true, delimiter: ',' }),
    parent: Flags.string({ description: 'Parent bead: the new one becomes <parent>.N.' }),
    deps: Flags.string({
      description: 'Dependencies: ID or blocked-by:ID (new bead waits), blocks:ID (ID waits), related:ID, discovered-from:ID.',
      multiple: true,
      multipleNonGreedy: true,
      delimiter: ',',
    }),
    id: Flags.string({ description: 'Explicit id (must use this workspace prefix).' }),
    silent: Flags.boolean({ description: 'Print only the new id.' }),
  }
}
