import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export default class Hook extends WtCommand {
  static override summary = "Record an agent hook event (what the worker's installed agent hooks call)"
  static override description = 'Reads the hook JSON on stdin. Never fails the agent: errors go to stderr and the exit code stays 0.'
  static override examples = ['echo \'{"session_id":"…","transcript_path":"…"}\' | <%= config.bin %> hook session-start']
  static override args = { event: Args.string({ description: 'session-start | prompt-submit | stop | notification | permission', required: true }) }

  async run(): Promise<void> {
    const { args } = await this.parse(Hook)
    try {
      const text = await readStdin()
      const payload = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {}
      const r = await (await this.pool()).hook(args.event, payload)
      this.output(r, (r) => undefined)
    } catch (e) {
      // A failing hook must not block the agent (exit 2 would block a prompt in Claude Code).
      this.note(`wt hook ${args.event}: ${(e as Error).message}`)
    }
  }
}
