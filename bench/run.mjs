#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --runs N] [-- --sizes 1000,10000]`
//
// Generates workspaces of 1k, 10k and 100k beads (bench/generate.mjs), checks that `bd ready`
// agrees with the generator's own ready count, then times every kind of bd command against two
// floors (bare node scripts running the same ready query on the same file: bench/floor.mjs as an
// ES module, bench/floor.cjs as plain CommonJS) in one run, with NODE_EXTRA_CA_CERTS unset. The
// start-up budget is against the CommonJS floor: `bd ready --json` ≤ 1.3×, every other command ≤ 1.5×. Prints a table and writes bench/out/bench-<time>.json (+ latest.json).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateWorkspace } from './generate.mjs'
import { writeTaskData } from './taskwarrior.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = join(root, 'bench', 'out')
const bd = join(root, 'packages', 'bd', 'bin', 'run.js')
const floor = join(root, 'bench', 'floor.mjs')
const floorCjs = join(root, 'bench', 'floor.cjs')
/** The start-up budget against the CommonJS floor (issue: one body per command). */
const budgetOf = (name) =>
  name === 'floor' || name.startsWith('floor') || name.includes('oclif') || name.startsWith('task') || name.includes('--limit 0')
    ? undefined
    : name === 'bd ready --json'
      ? 1.3
      : 1.5

const args = process.argv.slice(2)
const opt = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const quick = args.includes('--quick')
const sizes = (opt('--sizes') ?? (quick ? '1000,10000' : '1000,10000,100000')).split(',').map(Number)
const runsFor = (size) => Number(opt('--runs') ?? (quick ? 3 : size >= 100000 ? 7 : 11))
const writers = Number(opt('--writers') ?? 20)
const opsPerWriter = Number(opt('--ops') ?? (quick ? 2 : 3))
const taskMax = Number(opt('--task-max') ?? 10000)

// Every child runs without the CA bundle this environment injects (+≈140 ms per node process).
const env = { ...process.env, NO_COLOR: '1', BEADS_ACTOR: 'bench' }
delete env.NODE_EXTRA_CA_CERTS
delete env.BEADS_DB
delete env.BEADS_DIR

function timeOnce(cmd, argv, cwd, extraEnv) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd, argv, { cwd, env: extraEnv ? { ...env, ...extraEnv } : env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`)
  return { ms, stdout: r.stdout }
}

const stats = (runs) => {
  const s = [...runs].sort((a, b) => a - b)
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  return { median: round(median), min: round(s[0]), max: round(s.at(-1)), runs: s.map(round) }
}
const round = (x) => Math.round(x * 10) / 10

/**
 * Times each figure `n` times, round-robin (figure 1, 2, …, then again), after one untimed warm-up
 * run each, so that load from other processes on the machine spreads evenly over all figures.
 */
function measureAll(figures, cwd, n) {
  for (const f of figures) timeOnce(f.cmd, f.argv(-1), cwd, f.env)
  const runs = figures.map(() => [])
  for (let i = 0; i < n; i++) figures.forEach((f, k) => runs[k].push(timeOnce(f.cmd, f.argv(i), cwd, f.env).ms))
  return Object.fromEntries(figures.map((f, k) => [f.name, stats(runs[k])]))
}

const node = process.execPath
const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, quick, sizes: {}, notes: [] }
const taskAvailable = spawnSync('task', ['--version'], { env }).status === 0
if (!taskAvailable) results.notes.push('Taskwarrior: `task` is not installed, row skipped (apt-get install taskwarrior to include it).')

mkdirSync(out, { recursive: true })
for (const size of sizes) {
  const label = size >= 1000 ? `${size / 1000}k` : String(size)
  const dir = join(out, `ws-${label}`)
  process.stderr.write(`generating ${label} beads… `)
  const ws = await generateWorkspace(dir, size)
  process.stderr.write(`${ws.ms} ms (${ws.blocked} blocked, ${ws.ready} ready)\n`)
  // A real workspace lives in a git repository, where bd init installs its hooks (large files then
  // wait for the pre-commit hook instead of being rewritten by every write).
  spawnSync('git', ['init', '-q', dir])
  timeOnce(node, [bd, 'init', '--force', '--quiet'], dir)
  const readyAll = JSON.parse(timeOnce(node, [bd, 'ready', '--json', '--limit', '0'], dir).stdout)
  if (readyAll.length !== ws.ready) throw new Error(`bd ready returned ${readyAll.length} beads at ${label}, the generator expects ${ws.ready}`)
  const n = runsFor(size)
  const db = join(dir, '.beads', 'beads.db')
  process.stderr.write(`  timing (${n} runs each)…\n`)
  const claimable = ws.readyIds.slice(-(n + 1))
  const bdFigure = (name, argv, extraEnv) => ({ name, cmd: node, argv: (i) => [bd, ...argv(i)], env: extraEnv })
  const figures = measureAll(
    [
      { name: 'floor', cmd: node, argv: () => [floor, db] },
      { name: 'floor, CommonJS', cmd: node, argv: () => [floorCjs, db] },
      bdFigure('bd ready --json', () => ['ready', '--json']),
      bdFigure('bd show <id> --json', (i) => ['show', ws.sampleIds[(i + 3) % 3], '--json']),
      bdFigure('bd list --json', () => ['list', '--json']),
      bdFigure('bd blocked --json', () => ['blocked', '--json']),
      bdFigure('bd stats --json', () => ['stats', '--json']),
      bdFigure('bd count --json', () => ['count', '--json']),
      bdFigure('bd search <word> --json', () => ['search', 'auth', '--json']),
      bdFigure('bd dep tree <id> --json', (i) => ['dep', 'tree', ws.sampleIds[(i + 3) % 3], '--json']),
      bdFigure('bd label list-all --json', () => ['label', 'list-all', '--json']),
      bdFigure('bd --version', () => ['--version']),
      bdFigure('bd create --json', (i) => ['create', `Bench bead ${i}`, '-p', '2', '-l', 'bench', '--json']),
      bdFigure('bd update <id> --claim --json', (i) => ['update', claimable[i + 1], '--claim', '--json']),
      // The fan-out plan over the whole graph; issue 19's target: at most 1.5× `bd ready --json`.
      // Each lists its first 20 (plan, per wave) or 100 (ready) beads; --limit 0 lists them all.
      bdFigure('bd plan --json', () => ['plan', '--json']),
      bdFigure('bd plan --workers 4 --json', () => ['plan', '--workers', '4', '--json']),
      bdFigure('bd ready --json --limit 0', () => ['ready', '--json', '--limit', '0']),
      bdFigure('bd plan --json --limit 0', () => ['plan', '--json', '--limit', '0']),
      // The same command through oclif (BD_NO_FAST=1), to show what the fast path buys.
      bdFigure('bd ready --json, oclif path (BD_NO_FAST=1)', () => ['ready', '--json'], { BD_NO_FAST: '1' }),
    ],
    dir,
    n,
  )
  // Taskwarrior takes seconds per run (its urgency and dependency pass); 100k would take minutes.
  if (taskAvailable && size <= taskMax) {
    const tw = writeTaskData(join(dir, 'taskwarrior'), size)
    const runs = Math.min(n, 3)
    Object.assign(figures, measureAll([{ name: 'task ready (Taskwarrior)', cmd: 'task', argv: () => tw.argv, env: tw.env }], dir, runs))
  }
  for (const [name, f] of Object.entries(figures)) {
    if (!f || name === 'floor') continue
    f.ratio = round(f.median / figures.floor.median)
    f.ratio_cjs = round(f.median / figures['floor, CommonJS'].median)
    const budget = budgetOf(name)
    if (budget) Object.assign(f, { budget, within_budget: f.ratio_cjs <= budget })
  }
  // Two decimals: a ratio against a ×1.5 target must not pass by rounding.
  const ratio2 = (a, b) => Math.round((a / b) * 100) / 100
  for (const name of ['bd plan --json', 'bd plan --workers 4 --json']) figures[name].vs_ready = ratio2(figures[name].median, figures['bd ready --json'].median)
  figures['bd plan --json --limit 0'].vs_ready = ratio2(figures['bd plan --json --limit 0'].median, figures['bd ready --json --limit 0'].median)
  results.sizes[label] = { beads: size, blocked: ws.blocked, ready: ws.ready, dependencies: ws.dependencies, generate_ms: ws.ms, figures }
}

// bd on PostgreSQL (bench/postgres.ts): the 10k workspace's JSONL imported into a throwaway local
// server on a unix socket (before the writers below add to that workspace); ready --json against
// bench/floor-pg.mjs, 20 writers, 50 claimers, one connection.
if (existsSync('/usr/lib/postgresql')) {
  const label = sizes.includes(10000) ? '10k' : Object.keys(results.sizes)[0]
  process.stderr.write(`PostgreSQL: ready, ${writers} writers, 50 claimers, connection cost on ${label}…\n`)
  const ws = results.sizes[label]
  const r = spawnSync(
    node,
    [
      '--import',
      'tsx',
      join(root, 'bench', 'postgres.ts'),
      join(out, `ws-${label}`, '.beads', 'issues.jsonl'),
      String(ws.ready),
      String(runsFor(ws.beads)),
      String(writers),
      String(opsPerWriter),
    ],
    { cwd: root, env, encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(`bench/postgres.ts exited ${r.status}: ${r.stderr}`)
  results.postgres = { workspace: label, ...JSON.parse(r.stdout.trim().split('\n').at(-1)) }
} else results.notes.push("PostgreSQL: not installed, rows skipped (.ci/run installs Debian's postgresql).")

// 20 concurrent writer processes on the 10k workspace (or the largest generated below it).
{
  const label = sizes.includes(10000) ? '10k' : Object.keys(results.sizes)[0]
  const dir = join(out, `ws-${label}`)
  process.stderr.write(`${writers} concurrent writers × ${opsPerWriter} ops on ${label}…\n`)
  const run1 = (argv) =>
    new Promise((resolve) => {
      const c = spawn(node, [bd, ...argv], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      c.stderr.on('data', (d) => (err += d))
      c.on('close', (code) => resolve({ ok: code === 0, err }))
    })
  const t0 = performance.now()
  const outcomes = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const res = []
      for (let k = 0; k < opsPerWriter; k++) res.push(await run1(['create', `writer ${w} op ${k}`, '--actor', `w${w}`, '--silent']))
      return res
    }),
  )
  const ms = performance.now() - t0
  const all = outcomes.flat()
  const ok = all.filter((r) => r.ok).length
  results.writers = {
    workspace: label,
    processes: writers,
    ops: all.length,
    ok,
    success_rate: round((100 * ok) / all.length),
    ops_per_s: round(all.length / (ms / 1000)),
    wall_ms: Math.round(ms),
    errors: [...new Set(all.filter((r) => !r.ok).map((r) => r.err.trim()))].slice(0, 3),
  }
}

// 40 agents writing at once for 30 s on a 20k-bead workspace (bench/load.mjs): failures and latency.
{
  const { runLoad } = await import(pathToFileURL(join(root, 'bench', 'load.mjs')).href)
  const seconds = Number(opt('--load-seconds') ?? (quick ? 10 : 30))
  const dir = join(out, 'ws-load-20k')
  process.stderr.write(`40 writers for ${seconds} s on 20k beads…\n`)
  await generateWorkspace(dir, 20000)
  const { runs, ...load } = await runLoad({ dir, processes: 40, seconds, env })
  results.load = { workspace: '20k', ...load }
}

// Import of 10k JSONL lines: bench/import.mjs (written with the import command) exports run().
const importBench = join(root, 'bench', 'import.mjs')
if (existsSync(importBench)) {
  const mod = await import(pathToFileURL(importBench).href)
  const r = await mod.run({ env, quick })
  results.import = { name: r.name, ...stats(r.runs_ms) }
} else results.notes.push('Import of 10k lines: bench/import.mjs not present yet, row skipped.')

// A pull of 5,000 and 20,000 new beads into a 20k workspace vs a fresh import of them (bench/pull.mjs).
{
  process.stderr.write('pull of 5,000 / 20,000 new beads into 20k vs a fresh import…\n')
  const mod = await import(pathToFileURL(join(root, 'bench', 'pull.mjs')).href)
  results.pull = await mod.run({ counts: quick ? [5000] : [5000, 20000], existing: 20000 })
}

// wt: one real `wt watch` tick (registry, reconcile, tick, bookkeeping) with 10 and 20 live workers
// on a private tmux server (bench/watch-step.ts), and seance over ~100 MB of transcripts (bench/seance.mjs).
if (spawnSync('tmux', ['-V']).status === 0) {
  process.stderr.write('wt watch tick with 10 and 20 workers…\n')
  const r = spawnSync(node, ['--import', 'tsx', join(root, 'bench', 'watch-step.ts'), '10,20', quick ? '6' : '15', '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`bench/watch-step.ts exited ${r.status}: ${r.stderr}`)
  results.watch = JSON.parse(r.stdout.trim().split('\n').at(-1)).map((x) => ({
    ...x,
    median: round(x.median),
    min: round(x.min),
    max: round(x.max),
    first_tick_ms: round(x.first_tick_ms),
  }))
} else results.notes.push('wt watch tick: tmux is not installed, row skipped.')
// wt dashboard in headless Chromium (bench/dashboard.ts): first paint with 20 workers / 5,000 beads,
// transition-to-page latency over SSE, and the dashboard's own CPU per tick.
if (spawnSync('tmux', ['-V']).status === 0 && existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  process.stderr.write('wt dashboard in headless Chromium (20 workers, 5,000 beads)…\n')
  const r = spawnSync(node, ['--import', 'tsx', join(root, 'bench', 'dashboard.ts'), quick ? '3' : '7', '--json'], { cwd: root, env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`bench/dashboard.ts exited ${r.status}: ${r.stderr}`)
  results.dashboard = JSON.parse(r.stdout.trim().split('\n').at(-1))
} else results.notes.push('wt dashboard: tmux or chromium is not installed, row skipped.')
{
  const megabytes = quick ? 20 : 100
  process.stderr.write(`seance index and query over ${megabytes} MB of transcripts…\n`)
  const mod = await import(pathToFileURL(join(root, 'bench', 'seance.mjs')).href)
  results.seance = await mod.run({ megabytes })
}

// wt's polled read commands with 5 live workers, against a bare script making the same calls.
if (spawnSync('tmux', ['-V']).status === 0) {
  process.stderr.write('wt list with 5 live workers…\n')
  const mod = await import(pathToFileURL(join(root, 'bench', 'wt-list.mjs')).href)
  results.wt_list = await mod.run({ runs: quick ? 5 : 11 })
} else results.notes.push('wt list: tmux is not installed, row skipped.')

// ---- report ----
const labels = Object.keys(results.sizes)
const cell = (f) =>
  f
    ? `${f.median} (${f.min}–${f.max})${f.ratio ? ` ×${f.ratio}` : ''}${f.ratio_cjs ? ` ×${f.ratio_cjs} cjs${f.budget ? (f.within_budget ? ` ≤${f.budget} ok` : ` >${f.budget} OVER`) : ''}` : ''}`
    : 'n/a'
const names = [...new Set(labels.flatMap((l) => Object.keys(results.sizes[l].figures)))]
const rows = [['ms: median (min–max) ×floor ×CommonJS floor, budget', ...labels.map((l) => `${l} beads`)]]
for (const name of names)
  rows.push([name === 'floor' ? 'floor (bare node + better-sqlite3, same ready query)' : name, ...labels.map((l) => cell(results.sizes[l].figures[name]))])
if (!taskAvailable) rows.push(['task ready (Taskwarrior)', ...labels.map(() => 'skipped: not installed')])
else {
  const row = rows.find((r) => r[0] === 'task ready (Taskwarrior)')
  if (row)
    labels.forEach((l, i) => {
      if (!results.sizes[l].figures['task ready (Taskwarrior)']) row[i + 1] = `skipped above ${taskMax / 1000}k`
    })
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
const line = (r) =>
  r
    .map((c, i) => c.padEnd(widths[i]))
    .join('  ')
    .trimEnd()
const lines = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)]
for (const l of labels) {
  const f = results.sizes[l].figures
  lines.push(
    `bd plan vs bd ready at ${l}: ×${f['bd plan --json'].vs_ready} (plan --workers 4: ×${f['bd plan --workers 4 --json'].vs_ready}; both listing everything, --limit 0: ×${f['bd plan --json --limit 0'].vs_ready}); target ≤ ×1.5`,
  )
}
const w = results.writers
lines.push(
  '',
  `${w.processes} concurrent writer processes (bd create, ${w.workspace}): ${w.ops} ops, ${w.success_rate}% succeeded, ${w.ops_per_s} ops/s (${w.wall_ms} ms)`,
)
const pgr = results.postgres
if (pgr) {
  lines.push(
    `PostgreSQL (${pgr.workspace}, local server, unix socket), ms: bd ready --json ${cell(pgr.ready)}; floor (bare node + pg, same query) ${cell(pgr.floor)}`,
  )
  lines.push(
    `PostgreSQL: ${pgr.writers.processes} concurrent writers (bd create): ${pgr.writers.ops} ops, ${pgr.writers.success_rate}% succeeded, ${pgr.writers.ops_per_s} ops/s; 50 concurrent ready --claim: ${pgr.claimers.success_rate}% succeeded, ${pgr.claimers.claimed} claimed, ${pgr.claimers.distinct} distinct, ${pgr.claimers.ops_per_s} ops/s`,
  )
  lines.push(
    `PostgreSQL: one connection costs ${pgr.connection.connect_ms} ms (${pgr.connection.share_of_ready}% of a bd ready --json); a query on an open one ${pgr.connection.query_ms} ms`,
  )
}
const l = results.load
lines.push(
  `${l.processes} agents writing for ${l.seconds} s (create, label, claim, dep add, close; ${l.workspace}): ${l.ops} ops, ${l.failed} failed, ${l.ops_per_s} ops/s, latency p50 ${l.p50_ms} ms, p95 ${l.p95_ms} ms, max ${l.max_ms} ms`,
)
for (const f of results.wt_list?.figures ?? [])
  lines.push(
    `${f.name}, ${results.wt_list.workers} live workers: ${f.median} ms ×${f.ratio}${f.name === 'wt list --json' ? (f.ratio <= 1.5 ? ' (≤1.5 ok)' : ' (>1.5 OVER)') : ''}`,
  )
if (results.import) lines.push(`${results.import.name}: ${cell(results.import)}`)
for (const p of results.pull ?? []) lines.push(`${p.name}: ${p.pull_ms} ms; a fresh import of them ${p.fresh_import_ms} ms (×${p.ratio})`)
for (const t of results.watch ?? [])
  lines.push(
    `wt watch tick, ${t.workers} workers: ${t.median} (${t.min}–${t.max}) ms, ${t.tmux_calls} tmux calls (first tick, probing every worktree: ${t.first_tick_ms} ms)`,
  )
if (results.seance) {
  const s = results.seance
  const q = Object.values(s.query_median_ms).sort((a, b) => a - b)
  lines.push(
    `seance index, ${s.transcript_mb} MB / ${s.transcripts} transcripts / ${s.passages} passages: ${s.index_ms} ms (${s.index_mb_per_s} MB/s); re-index unchanged ${s.noop_reindex_ms} ms, after an append ${s.append_reindex_ms} ms`,
  )
  lines.push(
    `seance query (FTS5, ${q.length} questions, median of 7 each): ${q[0]}–${q.at(-1)} ms; planted answer ranked first: ${s.needle_ranked_first ? 'yes' : 'NO'}; offline answer end to end ${s.offline_answer_median_ms} ms`,
  )
}
if (results.dashboard) {
  const d = results.dashboard
  lines.push(
    `wt dashboard first paint (headless Chromium): attention, ${d.workers} workers ${cell(d.attention_first_paint_ms)} ms; graph, ${d.graph_nodes} of ${d.beads} beads ${cell(d.graph_first_paint_ms)} ms (closed folded ${cell(d.graph_folded_first_paint_ms)} ms; its JSON with layout ${cell(d.graph_json_ms)} ms)`,
  )
  lines.push(
    `wt dashboard live: a transition on a worker's screen to the open page ${cell(d.transition_to_page_ms)} ms at interval ${d.interval_s} s (observation to page ${cell(d.observation_to_page_ms)} ms); CPU per tick ${d.tick_cpu_ms} ms (${d.workers} workers, mean of ${d.ticks} ticks)`,
  )
}
lines.push(
  '',
  ...Object.entries(results.sizes).map(
    ([l, s]) => `${l}: ${s.beads} beads, ${s.blocked} blocked, ${s.ready} ready, ${s.dependencies} edges (generated in ${s.generate_ms} ms)`,
  ),
)
lines.push(...results.notes, `node ${results.node}, ${results.cpus} × ${results.cpu}, NODE_EXTRA_CA_CERTS unset`)
console.log(lines.join('\n'))
const stamp = results.date.replace(/[:.]/g, '-')
writeFileSync(join(out, `bench-${stamp}.json`), JSON.stringify(results, null, 2) + '\n')
writeFileSync(join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
console.log(`\nwritten: bench/out/bench-${stamp}.json`)
