import { BdCommand } from '../../bd-command.js'

export default class LabelListAll extends BdCommand {
  static override summary = 'List every label in use, with how many beads carry it'
  static override examples = ['<%= config.bin %> label list-all', '<%= config.bin %> label list-all --json']
}
