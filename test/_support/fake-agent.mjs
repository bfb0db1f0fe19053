#!/usr/bin/env node
// A stand-in coding agent for tests and the demo. Usage: fake-agent.mjs <log-dir> [prompt]
// Logs (JSON lines, to <log-dir>/<WT_SESSION>.log) its argv, its environment, and every line it
// receives; prints `ready> ` as its input prompt. Never runs anything it is given.
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const [logDir = '.', ...rest] = process.argv.slice(2)
mkdirSync(logDir, { recursive: true })
const log = join(logDir, `${process.env.WT_SESSION ?? 'agent'}.log`)
const write = (entry) => appendFileSync(log, JSON.stringify(entry) + '\n')
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WT_|BEADS_|PORT_OFFSET$|DEMO_)/.test(k)))
write({ type: 'start', argv: rest, cwd: process.cwd(), env })
process.stdout.write(`fake agent ${process.env.WT_SESSION ?? ''} started${rest.length ? ' with a prompt' : ''}\n`)
const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ready> ' })
rl.prompt()
rl.on('line', (text) => {
  write({ type: 'line', text })
  process.stdout.write(`got ${text.length} chars\n`)
  rl.prompt()
})
rl.on('close', () => process.exit(0))
