import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Hook extends WtCommand {
  static override summary = "Record an agent hook event (what the worker's installed agent hooks call)"
  static override description = 'Reads the hook JSON on stdin. Never fails the agent: errors go to stderr and the exit code stays 0.'
  static override examples = ['echo \'{"session_id":"…","transcript_path":"…"}\' | <%= config.bin %> hook session-start']
  static override args = {
    event: Args.string({ ignoreStdin: true, description: 'session-start | prompt-submit | stop | notification | permission', required: true }),
  }
}
