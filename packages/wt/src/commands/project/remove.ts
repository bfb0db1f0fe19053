import { Args } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ProjectRemove extends WtCommand {
  static override summary = 'Unregister a project (refused while it has live workers)'
  static override examples = ['<%= config.bin %> project remove api']
  static override args = { name: Args.string({ description: 'Project name.', required: true }) }

  async run(): Promise<void> {
    const { args } = await this.parse(ProjectRemove)
    const p = await (await this.pool()).removeProject(args.name)
    this.output(p, (p) => `Removed project ${p.name} (${p.path}); the repository is untouched`)
  }
}
