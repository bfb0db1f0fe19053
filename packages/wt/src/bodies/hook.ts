import type { WtRun } from '../body.js'
import type Hook from '../commands/hook.js'
import { type IO, writeData, writeNote } from '@beadwork/core/cli/io'

const readStdin = async (io: IO): Promise<string> => (io.stdin.isTTY ? '' : io.stdin.read())

export default async function hook({ args, io, pool }: WtRun<typeof Hook>): Promise<number | void> {
  try {
    const text = await readStdin(io)
    const payload = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {}
    const r = await (await pool()).hook(args.event, payload)
    writeData(io, r, (_r) => undefined)
  } catch (e) {
    // A failing hook must not block the agent (exit 2 would block a prompt in Claude Code).
    writeNote(io, `wt hook ${args.event}: ${(e as Error).message}`)
  }
}
