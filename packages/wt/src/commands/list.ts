import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'
import { workerTable } from '../render.js'

export default class List extends WtCommand {
  static override summary = 'List workers (also what plain `wt` does)'
  static override examples = ['<%= config.bin %>', '<%= config.bin %> list --all', '<%= config.bin %> list --json']
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Include ended workers.' }),
    project: Flags.string({ char: 'p', description: 'Only this project.' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(List)
    const rows = await (await this.pool()).list({ all: flags.all, project: flags.project })
    this.output(rows, (rows) => (rows.length ? workerTable(rows) : 'No workers. Spawn one: wt new <bead> --no-switch (see bd ready).'))
  }
}
