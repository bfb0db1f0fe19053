#!/usr/bin/env node
// A fake coding agent for watch tests, drawing Claude Code-like screens.
//   fake-watch-agent.mjs <working|waiting|idle|interrupted|writing|exit>
//   fake-watch-agent.mjs --control <dir> [ignored…]   mode read from <dir>/<WT_SESSION>, polled every 200 ms
// working: a spinner line that keeps changing; waiting: a permission question; idle: the input box,
// then silence; interrupted: the interrupt notice above the input box; writing: the idle box, silent,
// but a file in the working directory is rewritten every 500 ms; exit: prints a line and exits 3.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const control = process.argv[2] === '--control' ? join(process.argv[3], process.env.WT_SESSION ?? 'agent') : null
const box = [
  '╭──────────────────────────────────────────╮',
  '│ >                                        │',
  '╰──────────────────────────────────────────╯',
  '  ? for shortcuts',
]
const out = (lines) => process.stdout.write('\x1b[2J\x1b[H' + lines.join('\n') + '\n')
let timer = null
let current = null

function show(mode) {
  if (mode === current) return
  current = mode
  clearInterval(timer)
  if (mode === 'working') {
    let s = 0
    out(['⏺ Bash(npm test)', '  ⎿  Running…', ''])
    timer = setInterval(() => process.stdout.write(`\r✻ Cogitating… (${s++}s · ↑ ${s * 97} tokens · esc to interrupt)`), 200)
  } else if (mode === 'waiting') {
    out([
      '⏺ I need to apply the migration.',
      '',
      'Bash command',
      '',
      '  psql -f db/0042.sql',
      '',
      'Do you want to proceed?',
      '❯ 1. Yes',
      '  2. No, and tell Claude what to do differently (esc)',
    ])
  } else if (mode === 'interrupted') {
    out(['⏺ Bash(npm run e2e)', '  ⎿  Interrupted · What should Claude do instead?', '', ...box])
  } else if (mode === 'exit') {
    out(['agent: finished'])
    process.exit(3)
  } else if (mode === 'writing') {
    out(['⏺ Writing the report quietly.', '', ...box])
    let n = 0
    timer = setInterval(() => writeFileSync('progress.log', `step ${n++}\n`), 500)
  } else {
    out(['⏺ Done: committed on the bead branch.', '', ...box])
  }
}

const modeNow = () => {
  try {
    return readFileSync(control, 'utf8').trim() || 'idle'
  } catch {
    return 'idle'
  }
}
process.stdin.resume()
if (control) {
  show(modeNow())
  setInterval(() => show(modeNow()), 200)
} else show(process.argv[2] ?? 'idle')
