import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class List extends WtCommand {
  static override summary = 'List workers (also what plain `wt` does)'
  static override examples = ['<%= config.bin %>', '<%= config.bin %> list --all', '<%= config.bin %> list --json']
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Include ended workers.' }),
    project: Flags.string({ char: 'p', description: 'Only this project.' }),
  }
}
