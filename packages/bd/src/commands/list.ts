import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags, statusFlag } from '../flags.js'

export default class List extends BdCommand {
  static override summary = 'List beads (closed ones hidden unless --all or --status closed)'
  static override examples = [
    '<%= config.bin %> list',
    '<%= config.bin %> list --status in_progress --assignee ann',
    '<%= config.bin %> list -p 0,1 -l backend --type bug --json',
    '<%= config.bin %> list --all --limit 0',
  ]
  static override flags = {
    status: statusFlag,
    ...filterFlags,
    all: Flags.boolean({ description: 'Include closed beads.' }),
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '50' }),
  }
}
