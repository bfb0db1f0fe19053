import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { filterFlags, statusFlag } from '../flags.js'

export default class Search extends BdCommand {
  static override summary = 'Find beads whose title, description or id contains the text (case-insensitive)'
  static override description = 'Searches every status unless --status narrows it (as beads does). Takes the same filters as list.'
  static override examples = [
    '<%= config.bin %> search "login bug"',
    '<%= config.bin %> search cache --status open --label backend --json',
    '<%= config.bin %> search a1b2',
  ]
  static override strict = false
  static override args = {
    query: Args.string({ ignoreStdin: true, description: 'Text to look for (several words are searched as one phrase).', required: true }),
  }
  static override flags = {
    status: statusFlag,
    ...filterFlags,
    limit: Flags.string({ char: 'n', description: 'At most this many (0 = no limit).', default: '50' }),
  }
}
