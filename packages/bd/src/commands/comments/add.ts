import { readFile } from 'node:fs/promises'
import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../../bd-command.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export default class CommentsAdd extends BdCommand {
  static override summary = 'Add a comment to a bead (text from the argument, --file, or stdin)'
  static override description = 'The author is the acting actor (--actor, BEADS_ACTOR, git user.name, $USER). With no text argument (or "-") and no --file, the text is read from stdin.'
  static override examples = [
    '<%= config.bin %> comments add bd-a1b2 "Found the cause: stale cache"',
    '<%= config.bin %> comments add a1b2 --file notes.md --json',
    'git log -1 --format=%B | <%= config.bin %> comments add a1b2',
  ]
  static override args = {
    id: Args.string({ description: 'Bead id.', required: true }),
    text: Args.string({ description: 'Comment text ("-" or omitted: read stdin).' }),
  }
  static override flags = { file: Flags.string({ char: 'f', description: 'Read the comment text from this file.', exclusive: ['text'] }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CommentsAdd)
    if (!flags.file && (args.text === undefined || args.text === '-') && process.stdin.isTTY) {
      this.error('no comment text: give it as an argument, with --file, or on stdin', { exit: 2 })
    }
    const text = flags.file ? await readFile(flags.file, 'utf8') : args.text !== undefined && args.text !== '-' ? args.text : await readStdin()
    const tracker = await this.tracker(flags)
    const comment = await tracker.addComment(args.id, text.replace(/\s+$/, ''))
    this.output(comment, (comment) => `Added comment ${comment.id} to ${comment.issue_id}`)
  }
}
