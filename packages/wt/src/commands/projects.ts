import { WtCommand } from '../wt-command.js'

export default class Projects extends WtCommand {
  static override summary = 'List registered projects'
  static override examples = ['<%= config.bin %> projects', '<%= config.bin %> projects --json']
}
