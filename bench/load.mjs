// Many agents writing one workspace at once, for a while: each of `processes` loops over its own
// small story (create, label, claim, dep add, update, close) through the real bd binary until
// `seconds` have passed. Every op is one that must succeed whatever the others do, so any failure
// is the tracker's (a lock that gave up, a lost write), never a lost race.
//
//   node bench/load.mjs <workspace dir> [processes=40] [seconds=30]   (prints a JSON summary)
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bd = fileURLToPath(new URL('../packages/bd/bin/run.js', import.meta.url))

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0)

/**
 * @returns {Promise<{processes:number, seconds:number, ops:number, failed:number, ops_per_s:number, p50_ms:number, p95_ms:number, max_ms:number, errors:string[],
 *   runs: Array<{ok:boolean, argv:string[], out:string, err:string, ms:number}>}>} `runs`: every op, for checking what landed.
 */
export async function runLoad({ dir, processes = 40, seconds = 30, env = process.env }) {
  const run1 = (argv) =>
    new Promise((resolve) => {
      const started = performance.now()
      const c = spawn(process.execPath, [bd, ...argv], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      c.stdout.on('data', (d) => (out += d))
      c.stderr.on('data', (d) => (err += d))
      c.on('close', (code) => resolve({ ok: code === 0, out: out.trim(), err: err.trim(), ms: performance.now() - started, argv }))
    })
  const deadline = performance.now() + seconds * 1000
  const t0 = performance.now()
  const results = []
  await Promise.all(
    Array.from({ length: processes }, async (_, w) => {
      const actor = ['--actor', `agent${w}`]
      const op = async (argv) => {
        const r = await run1([...argv, ...actor])
        results.push(r)
        return r
      }
      let previous
      for (let k = 0; performance.now() < deadline; k++) {
        const created = await op(['create', `load ${w}.${k}`, '-p', String(k % 5), '--silent'])
        const id = created.ok ? created.out : undefined
        if (!id) continue
        if (performance.now() >= deadline) break
        await op(['update', id, '--add-label', `agent${w}`])
        if (performance.now() >= deadline) break
        await op(['update', id, '--claim'])
        if (previous && performance.now() < deadline) await op(['dep', 'add', previous, id])
        if (performance.now() >= deadline) break
        await op(['close', id, '-r', `done by agent${w}`])
        previous = id
      }
    }),
  )
  const wall = performance.now() - t0
  const ms = results.map((r) => r.ms).sort((a, b) => a - b)
  const failed = results.filter((r) => !r.ok)
  return {
    processes,
    seconds,
    ops: results.length,
    failed: failed.length,
    ops_per_s: Math.round((10 * results.length) / (wall / 1000)) / 10,
    p50_ms: Math.round(percentile(ms, 50)),
    p95_ms: Math.round(percentile(ms, 95)),
    max_ms: Math.round(ms.at(-1) ?? 0),
    errors: [...new Set(failed.map((r) => `bd ${r.argv[0]}: ${r.err.split('\n')[0]}`))].slice(0, 5),
    runs: results,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, processes = '40', seconds = '30'] = process.argv.slice(2)
  if (!dir) {
    console.error('usage: node bench/load.mjs <workspace dir> [processes] [seconds]')
    process.exit(2)
  }
  const env = { ...process.env, NO_COLOR: '1' }
  delete env.NODE_EXTRA_CA_CERTS
  const { runs, ...summary } = await runLoad({ dir, processes: Number(processes), seconds: Number(seconds), env })
  console.log(JSON.stringify(summary, null, 2))
}
