// `wt list --json` with 5 live workers (fake agent, private tmux socket, temp dirs) against its
// floor (bench/wt-list-floor.cjs: the same tmux, git and wt.db calls from a bare CommonJS script),
// and `wt ready --json` / `wt events --json` beside it. Budget: wt list ≤ 1.5× the floor.
//   node bench/wt-list.mjs [runs]   (also run by `npm run bench`)
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { wtSandbox } from './wt-sandbox.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const round = (x) => Math.round(x * 10) / 10

export async function run({ runs = 11, workers = 5 } = {}) {
  const { dir, socket, repo, env, cli, cleanup } = await wtSandbox('wt-list-bench')
  try {
    for (let i = 0; i < workers; i++) {
      const id = (await cli('bd', ['create', `bench ${i}`, '--silent'])).trim()
      await cli('wt', ['new', id, '--no-switch', '--json'])
    }
    const listed = JSON.parse(await cli('wt', ['list', '--json']))
    if (listed.length !== workers) throw new Error(`wt list shows ${listed.length} workers, expected ${workers}`)
    const wtDb = join(dir, 'home', 'wt.db')
    const variants = [
      { name: 'floor: the same tmux, git and wt.db calls (CommonJS)', argv: [join(root, 'bench', 'wt-list-floor.cjs'), wtDb, socket] },
      { name: 'floor: tmux list-panes + wt.db only', argv: [join(root, 'bench', 'wt-list-floor.cjs'), wtDb, socket, '--bare'] },
      { name: 'wt list --json', argv: [join(root, 'packages/wt/bin/run.js'), 'list', '--json'] },
      { name: 'wt ready --json', argv: [join(root, 'packages/wt/bin/run.js'), 'ready', '--json'] },
      { name: 'wt events --json', argv: [join(root, 'packages/wt/bin/run.js'), 'events', '--json'] },
      { name: 'wt list --json, oclif path (BD_NO_FAST=1)', argv: [join(root, 'packages/wt/bin/run.js'), 'list', '--json'], env: { BD_NO_FAST: '1' } },
    ]
    const once = (v) => {
      const t0 = process.hrtime.bigint()
      const r = spawnSync(process.execPath, v.argv, { cwd: repo, env: { ...env, ...v.env }, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`${v.name}: exit ${r.status} ${r.stderr}`)
      return Number(process.hrtime.bigint() - t0) / 1e6
    }
    for (const v of variants) once(v)
    const times = variants.map(() => [])
    for (let i = 0; i < runs; i++) variants.forEach((v, k) => times[k].push(once(v)))
    const floor = median(times[0])
    return {
      workers,
      runs,
      figures: variants.map((v, k) => ({
        name: v.name,
        median: round(median(times[k])),
        min: round(Math.min(...times[k])),
        ratio: round(median(times[k]) / floor),
      })),
    }
  } finally {
    cleanup()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ runs: Number(process.argv[2] ?? 11) })
  for (const f of r.figures) console.log(`${f.name.padEnd(52)} ${String(f.median).padStart(7)} ms  ×${f.ratio}`)
}
