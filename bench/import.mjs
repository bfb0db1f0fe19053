#!/usr/bin/env node
// Benchmark: `bd import` of a 10,000-line JSONL (beads line format: labels, dependencies,
// parent-child chains, comments, closed beads) into a fresh workspace, several runs.
// Wall-clock time of the whole command (process start-up included), as a user sees it.
//   node bench/import.mjs            prints median/min/max in ms
//   import { run } from './import.mjs'; await run()  → { name: 'import 10k', runs_ms: [...] }
// Env: BENCH_RUNS (default 5), BENCH_BEADS (default 10000).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const BD = fileURLToPath(new URL('../packages/bd/bin/run.js', import.meta.url))
const LABELS = ['backend', 'frontend', 'api', 'db', 'infra', 'docs', 'tests', 'security', 'perf', 'ux', 'tech-debt', 'flaky']
const STATUSES = ['open', 'open', 'open', 'open', 'open', 'open', 'in_progress', 'closed', 'closed', 'blocked']
const TYPES = ['task', 'task', 'task', 'bug', 'feature', 'chore']

/** Deterministic pseudo-random numbers, so every run imports the same file. */
function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function generate(count = 10_000, prefix = 'bench') {
  const rand = rng(42)
  const pick = (xs) => xs[Math.floor(rand() * xs.length)]
  const base = Date.parse('2025-06-01T00:00:00Z')
  const lines = []
  const ids = []
  let epic = null
  let child = 0
  for (let n = 0; n < count; n++) {
    let id
    const deps = []
    const created = new Date(base + n * 60_000).toISOString()
    if (n % 50 === 0) {
      id = `${prefix}-${n.toString(36).padStart(4, '0')}`
      epic = id
      child = 0
    } else if (epic && rand() < 0.3 && child < 40) {
      id = `${epic}.${++child}`
      deps.push({ issue_id: id, depends_on_id: epic, type: 'parent-child', created_at: created, created_by: 'bench' })
    } else id = `${prefix}-${n.toString(36).padStart(4, '0')}`
    if (ids.length > 10 && rand() < 0.3) {
      const target = ids[Math.floor(rand() * ids.length)]
      if (target !== epic && !deps.some((d) => d.depends_on_id === target))
        deps.push({ issue_id: id, depends_on_id: target, type: rand() < 0.8 ? 'blocks' : 'related', created_at: created, created_by: 'bench' })
    }
    const status = n % 50 === 0 ? 'open' : pick(STATUSES)
    const updated = new Date(base + n * 60_000 + 3_600_000).toISOString()
    const issue = {
      id,
      title: `Bead ${n}: ${pick(['fix', 'add', 'refactor', 'document', 'test'])} the ${pick(['parser', 'cache', 'login flow', 'exporter', 'scheduler'])}`,
      ...(rand() < 0.7 ? { description: `Why: bead ${n} matters because the ${pick(LABELS)} work depends on it.\nHow: small steps.` } : {}),
      status,
      priority: Math.floor(rand() * 5),
      issue_type: n % 50 === 0 ? 'epic' : pick(TYPES),
      ...(status === 'in_progress' ? { assignee: pick(['ann', 'bob', 'agent-1', 'agent-2']) } : {}),
      created_at: created,
      created_by: 'bench',
      updated_at: updated,
      ...(status === 'closed' ? { closed_at: updated, close_reason: 'Done' } : {}),
    }
    const labels = [...new Set(Array.from({ length: Math.floor(rand() * 4) }, () => pick(LABELS)))].sort()
    if (labels.length) issue.labels = labels
    if (deps.length) issue.dependencies = deps
    if (rand() < 0.2) {
      issue.comments = Array.from({ length: 1 + Math.floor(rand() * 2) }, (_, k) => ({
        id: n * 3 + k + 1,
        issue_id: id,
        author: 'bench',
        text: `Progress note ${k} on bead ${n}`,
        created_at: updated,
      }))
    }
    ids.push(id)
    lines.push(issue)
  }
  lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
}

function bd(cwd, args) {
  const env = { ...process.env, BEADS_ACTOR: 'bench', NO_COLOR: '1' }
  delete env.NODE_EXTRA_CA_CERTS
  delete env.BEADS_DB
  delete env.BEADS_DIR
  return execFileSync(process.execPath, [BD, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

export async function run({ runs = Number(process.env.BENCH_RUNS ?? 5), beads = Number(process.env.BENCH_BEADS ?? 10_000) } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'bd-bench-import-'))
  try {
    const file = join(root, 'issues.jsonl')
    writeFileSync(file, generate(beads))
    const runs_ms = []
    for (let i = 0; i < runs; i++) {
      const ws = join(root, `ws${i}`)
      mkdirSync(ws)
      bd(ws, ['init', '--prefix', 'bench', '--quiet'])
      const t0 = performance.now()
      bd(ws, ['import', '-i', file])
      runs_ms.push(Math.round(performance.now() - t0))
      const count = JSON.parse(bd(ws, ['count', '--all', '--json'])).count
      if (count !== beads) throw new Error(`imported ${count} beads, expected ${beads}`)
      rmSync(ws, { recursive: true, force: true })
    }
    return { name: beads === 10_000 ? 'import 10k' : `import ${beads}`, runs_ms }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { name, runs_ms } = await run()
  const sorted = [...runs_ms].sort((a, b) => a - b)
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
  console.log(`${name}: median ${median} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (${runs_ms.length} runs: ${runs_ms.join(', ')})`)
}
