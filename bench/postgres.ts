// bd on PostgreSQL (a local throwaway server on a unix socket): `bd ready --json` at 10k against
// a bare pg script running the same query (bench/floor-pg.mjs), 20 concurrent writers, 50
// concurrent claimers, and what one connection costs.
// Run by bench/run.mjs:  node --import tsx bench/postgres.ts <issues.jsonl> <expected-ready> <runs> <writers> <ops> [--json]
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startCluster } from '../test/_support/postgres.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bd = join(root, 'packages', 'bd', 'bin', 'run.js')
const floor = join(root, 'bench', 'floor-pg.mjs')
const node = process.execPath
const [jsonlArg, expectedReady, runsArg, writersArg, opsArg] = process.argv.slice(2)
const jsonl = resolve(jsonlArg ?? '')
const runs = Number(runsArg ?? 5)
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BEADS_ACTOR: 'bench', BEADS_DATABASE_URL: '' }
delete env.NODE_EXTRA_CA_CERTS
delete env.BEADS_DB
delete env.BEADS_DIR

const round = (x: number) => Math.round(x * 10) / 10
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  return { median: round(median), min: round(s[0]!), max: round(s.at(-1)!) }
}
function timeOnce(argv: string[], cwd: string): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(node, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`)
  return { ms, stdout: r.stdout }
}
const run1 = (argv: string[], cwd: string) =>
  new Promise<{ ok: boolean; stdout: string; err: string }>((resolve) => {
    const c = spawn(node, [bd, ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let err = ''
    c.stdout.on('data', (d) => (stdout += d))
    c.stderr.on('data', (d) => (err += d))
    c.on('close', (code) => resolve({ ok: code === 0, stdout, err }))
  })

const cluster = await startCluster()
try {
  const dir = join(cluster.dir, 'ws')
  mkdirSync(dir)
  spawnSync('git', ['init', '-q', dir])
  const prefix = /"id":"([a-z0-9]+)-/.exec(readFileSync(jsonl, 'utf8'))?.[1] ?? 'bench'
  timeOnce([bd, 'init', '--prefix', prefix, '--database-url', cluster.url('bench'), '--quiet'], dir)
  const imported = timeOnce([bd, 'import', '-i', jsonl], dir)
  const ready = JSON.parse(timeOnce([bd, 'ready', '--json', '--limit', '0'], dir).stdout) as unknown[]
  if (ready.length !== Number(expectedReady)) throw new Error(`bd ready on PostgreSQL returned ${ready.length} beads, the generator expects ${expectedReady}`)
  const connection = cluster.url().replace(/[?&]schema=[^&]*/, '')

  // Round-robin, after one warm-up each, so machine load spreads over both figures.
  const figures = { floor: [floor, connection, 'bench'], ready: [bd, 'ready', '--json'] }
  for (const argv of Object.values(figures)) timeOnce(argv, dir)
  const times: Record<string, number[]> = { floor: [], ready: [] }
  for (let i = 0; i < runs; i++) for (const [name, argv] of Object.entries(figures)) times[name]!.push(timeOnce(argv, dir).ms)

  // One connection: connect + first query + end, against a query on a connection already open.
  const connectMs: number[] = []
  const queryMs: number[] = []
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now()
    const c = new pg.Client({ connectionString: connection, options: '-c search_path=bench' })
    await c.connect()
    const t1 = performance.now()
    await c.query('SELECT 1')
    queryMs.push(performance.now() - t1)
    await c.end()
    connectMs.push(t1 - t0)
  }

  const writers = Number(writersArg ?? 20)
  const ops = Number(opsArg ?? 3)
  let t0 = performance.now()
  const written = (
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const res = []
        for (let k = 0; k < ops; k++) res.push(await run1(['create', `writer ${w} op ${k}`, '--actor', `w${w}`, '--silent'], dir))
        return res
      }),
    )
  ).flat()
  const writeMs = performance.now() - t0

  t0 = performance.now()
  const claims = await Promise.all(Array.from({ length: 50 }, (_, i) => run1(['ready', '--claim', '--actor', `c${i}`, '--json'], dir)))
  const claimMs = performance.now() - t0
  const won = claims.flatMap((c) => (c.ok ? (JSON.parse(c.stdout) as Array<{ id: string }>) : []))

  const floorStats = stats(times.floor!)
  const readyStats = stats(times.ready!)
  const result = {
    import_ms: Math.round(imported.ms),
    floor: floorStats,
    ready: { ...readyStats, ratio: round(readyStats.median / floorStats.median) },
    connection: {
      connect_ms: stats(connectMs).median,
      query_ms: round(stats(queryMs).median * 100) / 100,
      share_of_ready: round((100 * stats(connectMs).median) / readyStats.median),
    },
    writers: {
      processes: writers,
      ops: written.length,
      ok: written.filter((r) => r.ok).length,
      success_rate: round((100 * written.filter((r) => r.ok).length) / written.length),
      ops_per_s: round(written.length / (writeMs / 1000)),
      wall_ms: Math.round(writeMs),
      errors: [...new Set(written.filter((r) => !r.ok).map((r) => r.err.trim()))].slice(0, 3),
    },
    claimers: {
      processes: 50,
      ok: claims.filter((c) => c.ok).length,
      success_rate: round((100 * claims.filter((c) => c.ok).length) / 50),
      claimed: won.length,
      distinct: new Set(won.map((w) => w.id)).size,
      ops_per_s: round(50 / (claimMs / 1000)),
      wall_ms: Math.round(claimMs),
    },
  }
  console.log(JSON.stringify(result))
} finally {
  await cluster.destroy()
}
