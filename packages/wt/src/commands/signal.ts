import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Signal extends WtCommand {
  static override summary = "Report this worker's state (run from inside its worktree)"
  static override strict = false
  static override examples = [
    '<%= config.bin %> signal working "writing the migration"',
    '<%= config.bin %> signal blocked "need the API key"',
    '<%= config.bin %> signal done',
  ]
  static override args = {
    state: Args.string({ ignoreStdin: true, description: 'working | idle | waiting | blocked | error | done', required: true }),
    message: Args.string({ ignoreStdin: true, description: 'What is going on (the rest of the arguments).' }),
  }
}
