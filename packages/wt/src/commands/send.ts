import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Send extends WtCommand {
  static override summary = "Type a message into a worker's agent and submit it"
  static override description =
    'Pastes the text literally, pauses, presses Enter as a separate key and checks it was submitted (Enter again at most 3 times). The text is prefixed with "Dispatch: " so it never reads as a slash command, unless --raw. One sender at a time per worker. Refuses (exit 1, typing nothing) while the agent waits on a menu, where Enter would pick the highlighted option: answer it with `wt answer`. Exit 1 when the screen never showed the text submitted.'
  static override strict = false
  static override examples = ['<%= config.bin %> send toast "run the tests; then commit"', '<%= config.bin %> send bd-a1b2 --raw /compact']
  static override args = {
    worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }),
    text: Args.string({ ignoreStdin: true, description: 'The message (the rest of the arguments).' }),
  }
  static override flags = { raw: Flags.boolean({ description: 'Send the text as is (no "Dispatch: " prefix).' }) }
}
