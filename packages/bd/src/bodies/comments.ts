import type { BdRun } from '../body.js'
import type Comments from '../commands/comments/index.js'
import { writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'

export default async function commentsIndex({ args, io, tracker }: BdRun<typeof Comments>): Promise<number | void> {
  const t = await tracker()
  const comments = await t.comments(args.id)
  writeData(io, comments, (comments) =>
    comments.length ? comments.map((c) => `${color.dim(`[${c.id}] ${c.created_at} ${c.author}:`)}\n${c.text}`).join('\n\n') : 'No comments.',
  )
}
