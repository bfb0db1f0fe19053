import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Signal extends WtCommand {
  static override summary = "Report this worker's state (run from inside its worktree)"
  static override strict = false
  static override examples = ['<%= config.bin %> signal working "writing the migration"', '<%= config.bin %> signal blocked "need the API key"', '<%= config.bin %> signal done']
  static override args = {
    state: Args.string({ description: 'working | idle | waiting | blocked | error | done', required: true }),
    message: Args.string({ description: 'What is going on (the rest of the arguments).' }),
  }

  async run(): Promise<void> {
    const { args, argv } = await this.parse(Signal)
    const message = (argv as string[]).slice(1).join(' ') || undefined
    const w = await (await this.pool()).signal(args.state, message)
    this.output({ name: w.name, bead: w.bead, signal: w.signal, message: w.signal_message, signal_at: w.signal_at }, (s) => `${s.name}: ${s.signal}${s.message ? ` — ${s.message}` : ''}`)
  }
}
