#!/usr/bin/env node
// Time from `wt new` to prompt delivered, with the fake agent in keys mode (the prompt is typed
// once `ready>` shows: paste, 0.5 s pause, Enter, verify). Measures the whole CLI call (start-up
// included) and the spawn itself (elapsed_ms reported by core). Private tmux socket, temp dirs.
// Run: npm run build && node bench/wt-spawn.mjs [runs]
import { wtSandbox } from './wt-sandbox.mjs'

const runs = Number(process.argv[2] ?? 7)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const { cli, cleanup } = await wtSandbox('wt-bench')
try {
  const wall = []
  const core = []
  for (let i = 0; i < runs; i++) {
    const id = (await cli('bd', ['create', `bench ${i}`, '--silent'])).trim()
    const t0 = performance.now()
    const r = JSON.parse(await cli('wt', ['new', id, '--no-switch', '--json']))
    wall.push(performance.now() - t0)
    core.push(r.elapsed_ms)
    await cli('wt', ['kill', r.name])
  }
  console.log(`wt new -> prompt delivered, ${runs} runs (fake agent, keys mode)`)
  console.log(`  CLI wall time  median ${median(wall).toFixed(0)} ms  (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})`)
  console.log(`  core spawn     median ${median(core)} ms  (min ${Math.min(...core)}, max ${Math.max(...core)})`)
} finally {
  cleanup()
}
