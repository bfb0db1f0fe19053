import { Args } from '@oclif/core'
import { color } from '@beadwork/core/cli/style'
import { BdCommand } from '../../bd-command.js'

export default class Comments extends BdCommand {
  static override summary = "Show a bead's comments, oldest first"
  static override examples = ['<%= config.bin %> comments bd-a1b2', '<%= config.bin %> comments a1b2 --json', '<%= config.bin %> comments add a1b2 "Root cause: stale cache"']
  static override args = { id: Args.string({ description: 'Bead id.', required: true }) }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Comments)
    const tracker = await this.tracker(flags)
    const comments = await tracker.comments(args.id)
    this.output(comments, (comments) => (comments.length ? comments.map((c) => `${color.dim(`[${c.id}] ${c.created_at} ${c.author}:`)}\n${c.text}`).join('\n\n') : 'No comments.'))
  }
}
