import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

export default class CommentsAdd extends BdCommand {
  static override summary = 'Add a comment to a bead (text from the argument, --file, or stdin)'
  static override description =
    'The author is the acting actor (--actor, BEADS_ACTOR, git user.name, $USER). With no text argument (or "-") and no --file, the text is read from stdin.'
  static override examples = [
    '<%= config.bin %> comments add bd-a1b2 "Found the cause: stale cache"',
    '<%= config.bin %> comments add a1b2 --file notes.md --json',
    'git log -1 --format=%B | <%= config.bin %> comments add a1b2',
  ]
  static override args = {
    id: Args.string({ ignoreStdin: true, description: 'Bead id.', required: true }),
    text: Args.string({ ignoreStdin: true, description: 'Comment text ("-" or omitted: read stdin).' }),
  }
  static override flags = { file: Flags.string({ char: 'f', description: 'Read the comment text from this file.', exclusive: ['text'] }) }
}
