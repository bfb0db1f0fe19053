import type { BdRun } from '../../body.js'
import type CommentsAdd from '../../commands/comments/add.js'
import { usageError, writeData } from '@beadwork/core/cli/io'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

export default async function commentsAdd({ args, flags, io, tracker }: BdRun<typeof CommentsAdd>): Promise<number | void> {
  if (!flags.file && (args.text === undefined || args.text === '-') && io.stdin.isTTY) {
    throw usageError('no comment text: give it as an argument, with --file, or on stdin')
  }
  const text = flags.file
    ? await readFile(resolve(io.cwd, flags.file), 'utf8')
    : args.text !== undefined && args.text !== '-'
      ? args.text
      : await io.stdin.read()
  const t = await tracker()
  const comment = await t.addComment(args.id, text.replace(/\s+$/, ''))
  writeData(io, comment, (comment) => `Added comment ${comment.id} to ${comment.issue_id}`)
}
