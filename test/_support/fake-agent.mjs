#!/usr/bin/env node
// A stand-in coding agent for tests and the demo. Usage: fake-agent.mjs <log-dir> [--session-start] [prompt]
// Logs (JSON lines, to <log-dir>/<WT_SESSION>.log) its argv, its environment, and every line it
// receives; prints `ready> ` as its input prompt. Never runs anything it is given.
// With --session-start it acts like Claude Code starting a session: it runs the SessionStart hooks
// of `.claude/settings.local.json` (through sh, with the hook JSON on stdin) for a new session id
// whose transcript would be `${CLAUDE_CONFIG_DIR:-~/.claude}/projects/<slug(cwd)>/<id>.jsonl`.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const [logDir = '.', ...args] = process.argv.slice(2)
const startsSession = args[0] === '--session-start'
const rest = startsSession ? args.slice(1) : args
mkdirSync(logDir, { recursive: true })
const log = join(logDir, `${process.env.WT_SESSION ?? 'agent'}.log`)
const write = (entry) => appendFileSync(log, JSON.stringify(entry) + '\n')
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WT_|BEADS_|PORT_OFFSET$|DEMO_|CLAUDECODE$|CLAUDE_CODE_)/.test(k)))
write({ type: 'start', argv: rest, cwd: process.cwd(), env })
process.stdout.write(`fake agent ${process.env.WT_SESSION ?? ''} started${rest.length ? ' with a prompt' : ''}\n`)
if (startsSession) sessionStart()
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ready> ' })
rl.prompt()
rl.on('line', (text) => {
  write({ type: 'line', text })
  process.stdout.write(`got ${text.length} chars\n`)
  rl.prompt()
})
rl.on('close', () => process.exit(0))

function sessionStart() {
  const cwd = process.cwd()
  const session_id = randomUUID()
  const transcript_path = join(
    process.env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude'),
    'projects',
    cwd.replace(/[^A-Za-z0-9]/g, '-'),
    `${session_id}.jsonl`,
  )
  const payload = JSON.stringify({ session_id, transcript_path, cwd, hook_event_name: 'SessionStart', source: 'startup' })
  const settings = JSON.parse(readFileSync(join(cwd, '.claude', 'settings.local.json'), 'utf8'))
  for (const entry of settings.hooks?.SessionStart ?? []) {
    for (const hook of entry.hooks) {
      const child = execFile('sh', ['-c', hook.command], (error, _stdout, stderr) =>
        write({ type: 'hook', event: 'SessionStart', session_id, code: error ? error.code : 0, stderr }),
      )
      child.stdin.end(payload)
    }
  }
}
