import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ProjectAdd extends WtCommand {
  static override summary = 'Register a repository (with a bd workspace) as a project'
  static override examples = ['<%= config.bin %> project add api ~/src/api', '<%= config.bin %> project add web . --branch develop']
  static override args = {
    name: Args.string({ ignoreStdin: true, description: 'Project name.', required: true }),
    path: Args.string({ ignoreStdin: true, description: 'Repository path.', required: true }),
  }
  static override flags = { branch: Flags.string({ char: 'b', description: 'Base branch (default: the branch checked out there).' }) }
}
