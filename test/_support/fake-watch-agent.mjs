#!/usr/bin/env node
// A fake coding agent for watch tests. Usage: fake-agent.mjs <working|waiting|idle|interrupted|exit>
// working: a Claude-style spinner line that keeps changing; waiting: a permission question that reads
// stdin; idle: the input box, then silence; interrupted: the interrupt notice above the input box;
// exit: prints a line and exits 3.
const mode = process.argv[2] ?? 'idle'
const box = ['╭──────────────────────────────────────────╮', '│ >                                        │', '╰──────────────────────────────────────────╯', '  ? for shortcuts']
const out = (lines) => process.stdout.write(lines.join('\n') + '\n')

if (mode === 'working') {
  let s = 0
  out(['⏺ Bash(npm test)', '  ⎿  Running…', ''])
  setInterval(() => process.stdout.write(`\r✻ Cogitating… (${s++}s · ↑ ${s * 97} tokens · esc to interrupt)`), 200)
} else if (mode === 'waiting') {
  out(['⏺ I need to apply the migration.', '', 'Bash command', '', '  psql -f db/0042.sql', '', 'Do you want to proceed?', '❯ 1. Yes', '  2. No, and tell Claude what to do differently (esc)'])
  process.stdin.resume()
} else if (mode === 'interrupted') {
  out(['⏺ Bash(npm run e2e)', '  ⎿  Interrupted · What should Claude do instead?', '', ...box])
  process.stdin.resume()
} else if (mode === 'exit') {
  out(['agent: finished'])
  process.exit(3)
} else {
  out(['⏺ Done: committed on the bead branch.', '', ...box])
  process.stdin.resume()
}
