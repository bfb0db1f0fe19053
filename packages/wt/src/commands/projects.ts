import { table } from '@beadwork/core/cli/style'
import { WtCommand } from '../wt-command.js'

export default class Projects extends WtCommand {
  static override summary = 'List registered projects'
  static override examples = ['<%= config.bin %> projects', '<%= config.bin %> projects --json']

  async run(): Promise<void> {
    await this.parse(Projects)
    const rows = await (await this.pool()).projects()
    this.output(rows, (rows) => (rows.length ? table(['NAME', 'PREFIX', 'BASE', 'PATH'], rows.map((p) => [p.name, p.prefix, p.base_branch, p.path])) : 'No projects. Add one: wt project add <name> <path>'))
  }
}
