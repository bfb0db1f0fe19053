import { Args } from '@oclif/core'
import { WtCommand } from '../../wt-command.js'

export default class ProjectRemove extends WtCommand {
  static override summary = 'Unregister a project (refused while it has live workers)'
  static override examples = ['<%= config.bin %> project remove api']
  static override args = { name: Args.string({ ignoreStdin: true, description: 'Project name.', required: true }) }
}
