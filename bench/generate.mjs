// Generates a bd workspace of N beads with a realistic dependency graph, fast: the schema comes
// from core (initWorkspace runs the tracker migrations), rows go in through prepared statements on
// the raw better-sqlite3 handle in one transaction, and the readiness fields are computed here and
// then checked against core's own refreshReadiness (which must find nothing to change).
//
//   node bench/generate.mjs <dir> <count>      (prints a JSON summary)
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { initWorkspace, openTrackerAt } from '../packages/core/dist/tracker/open.js'
import { refreshReadiness } from '../packages/core/dist/tracker/readiness.js'
import { writeTransaction } from '../packages/core/dist/storage/write-transaction.js'
import { hashLength } from '../packages/core/dist/tracker/ids.js'
import { timeKey } from '../packages/core/dist/tracker/time-key.js'

export const PREFIX = 'bench'

/** Small deterministic PRNG (mulberry32), so every run benchmarks the same graph. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const VERBS = ['Fix', 'Add', 'Refactor', 'Remove', 'Document', 'Speed up', 'Test', 'Migrate', 'Split', 'Validate', 'Cache', 'Log']
const NOUNS = [
  'login timeout',
  'ready query',
  'JSONL export',
  'retry loop',
  'session store',
  'rate limiter',
  'CSV import',
  'search index',
  'billing webhook',
  'config loader',
  'tmux adapter',
  'audit trail',
  'flaky test',
  'error messages',
  'backup job',
]
const WHERE = ['in the API', 'on the dashboard', 'for mobile', 'in the worker', 'behind the flag', 'for admins', '', '', '']
const LABELS = ['backend', 'frontend', 'api', 'db', 'ops', 'security', 'perf', 'ux', 'docs', 'tests', 'infra', 'billing', 'auth', 'mobile', 'tech-debt']
const DAY = 86_400_000

/** Builds the graph in memory: beads in creation order, edges, labels, comments, and expectations. */
export function buildGraph(count, seed = 42, now = new Date()) {
  const rnd = prng(seed)
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)]
  const hashLen = hashLength(count)
  const used = new Set()
  const newHash = () => {
    for (;;) {
      let h = ''
      for (let i = 0; i < hashLen; i++) h += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(rnd() * 36)]
      if (!used.has(h)) {
        used.add(h)
        return h
      }
    }
  }
  const start = now.getTime() - 120 * DAY
  const step = (110 * DAY) / count
  const beads = []
  const deps = []
  const labels = []
  const comments = []
  const childCounters = []
  const add = (id, type, parent) => {
    const i = beads.length
    const created = new Date(start + i * step).toISOString()
    const r = rnd()
    const status = r < 0.2 ? 'closed' : r < 0.28 ? 'in_progress' : r < 0.29 ? 'deferred' : r < 0.3 ? 'blocked' : 'open'
    const bead = {
      id,
      title: `${pick(VERBS)} ${pick(NOUNS)} ${pick(WHERE)}`.trim() + ` #${i + 1}`,
      description: rnd() < 0.5 ? `Seen while working on ${pick(NOUNS)}; see the logs of run ${Math.floor(rnd() * 10000)}.` : '',
      status,
      priority: Math.min(4, Math.floor(rnd() * rnd() * 5 + rnd())),
      issue_type: type,
      assignee: status === 'in_progress' ? `agent-${Math.floor(rnd() * 20)}` : rnd() < 0.05 ? `ann` : null,
      created_at: created,
      updated_at: created,
      closed_at: status === 'closed' ? new Date(start + i * step + step / 2).toISOString() : null,
      close_reason: status === 'closed' ? 'Closed' : null,
      defer_until: status === 'open' && rnd() < 0.02 ? new Date(now.getTime() + (1 + Math.floor(rnd() * 30)) * DAY).toISOString() : null,
      parent,
      blockers: [],
    }
    if (bead.closed_at) bead.updated_at = bead.closed_at
    beads.push(bead)
    const nLabels = Math.floor(rnd() * 4)
    for (const l of new Set(Array.from({ length: nLabels }, () => pick(LABELS)))) labels.push([id, l])
    if (rnd() < 0.03)
      for (let c = 0; c < 1 + Math.floor(rnd() * 2); c++)
        comments.push([
          id,
          pick(['ann', 'agent-3', 'bob']),
          `Looked into ${pick(NOUNS)}: ${pick(['not it', 'likely cause', 'needs a test', 'fixed upstream'])}.`,
          created,
        ])
    return bead
  }
  const byId = new Map()
  while (beads.length < count) {
    const epic = rnd() < 0.04 && count - beads.length > 10
    const root = add(`${PREFIX}-${newHash()}`, epic ? 'epic' : pick(['task', 'task', 'bug', 'feature', 'chore']))
    byId.set(root.id, root)
    if (epic) {
      const kids = 3 + Math.floor(rnd() * 6)
      for (let k = 1; k <= kids; k++) {
        const child = add(`${root.id}.${k}`, pick(['task', 'bug', 'feature']), root.id)
        byId.set(child.id, child)
        deps.push([child.id, root.id, 'parent-child', child.created_at])
      }
      childCounters.push([root.id, kids])
    }
  }
  // Edges point from later beads to earlier ones, so the graph is acyclic by construction.
  for (let i = 1; i < beads.length; i++) {
    const b = beads[i]
    const r = rnd()
    const n = r < 0.36 ? 1 + Math.floor(rnd() * 2) : 0
    const seen = new Set()
    for (let k = 0; k < n; k++) {
      const target = beads[Math.floor(rnd() * i)]
      if (seen.has(target.id) || target.id === b.parent || b.id.startsWith(target.id + '.')) continue
      seen.add(target.id)
      b.blockers.push(target.id)
      deps.push([b.id, target.id, 'blocks', b.created_at])
    }
    if (rnd() < 0.04) {
      const target = beads[Math.floor(rnd() * i)]
      if (!seen.has(target.id) && target.id !== b.parent) deps.push([b.id, target.id, rnd() < 0.5 ? 'related' : 'discovered-from', b.created_at])
    }
  }
  // Readiness, computed independently of core (parents are created before their children).
  const nowIso = now.toISOString()
  let blocked = 0
  let ready = 0
  for (const b of beads) {
    const parent = b.parent ? byId.get(b.parent) : undefined
    b.is_blocked =
      b.blockers.some((id) => byId.get(id).status !== 'closed') ||
      (parent ? parent.is_blocked || parent.status === 'blocked' || parent.status === 'deferred' : false)
    b.effective_defer_until = [b.defer_until, parent?.effective_defer_until].filter(Boolean).sort().pop() ?? null
    if (b.is_blocked) blocked++
    if (b.status === 'open' && !b.is_blocked && (!b.effective_defer_until || b.effective_defer_until <= nowIso)) ready++
  }
  return { beads, deps, labels, comments, childCounters, expected: { beads: beads.length, blocked, ready } }
}

/** Writes a fresh workspace `<dir>/.beads/beads.db` holding `count` beads. */
export async function generateWorkspace(dir, count, seed = 42) {
  const t0 = performance.now()
  dir = resolve(dir)
  rmSync(join(dir, '.beads'), { recursive: true, force: true })
  const { database } = await initWorkspace(dir, { prefix: PREFIX, force: true })
  const jsonl = join(dir, '.beads', 'issues.jsonl')
  const g = buildGraph(count, seed)
  const handle = await openTrackerAt(database, { actor: 'bench' })
  const raw = handle.raw
  const insIssue =
    raw.prepare(`INSERT INTO issues (id, title, description, status, priority, issue_type, assignee, created_at, updated_at, closed_at, close_reason, defer_until, created_by, is_blocked, effective_defer_until, created_order)
    VALUES (@id, @title, @description, @status, @priority, @issue_type, @assignee, @created_at, @updated_at, @closed_at, @close_reason, @defer_until, 'bench', @is_blocked, @effective_defer_until, @created_order)`)
  const insDep = raw.prepare(`INSERT INTO dependencies (issue_id, depends_on_id, type, created_at, created_by) VALUES (?, ?, ?, ?, 'bench')`)
  const insLabel = raw.prepare(`INSERT INTO labels (issue_id, label) VALUES (?, ?)`)
  const insComment = raw.prepare(`INSERT INTO comments (issue_id, author, text, created_at) VALUES (?, ?, ?, ?)`)
  const insEvent = raw.prepare(`INSERT INTO events (issue_id, event_type, actor, new_value, created_at) VALUES (?, ?, 'bench', ?, ?)`)
  const insCounter = raw.prepare(`INSERT INTO child_counters (parent_id, last_child) VALUES (?, ?)`)
  raw
    .transaction(() => {
      for (const b of g.beads) {
        // Times are compared through their full-precision keys (core's time-key.ts).
        insIssue.run({
          ...b,
          is_blocked: b.is_blocked ? 1 : 0,
          created_order: timeKey(b.created_at),
          effective_defer_until: b.effective_defer_until && timeKey(b.effective_defer_until),
        })
        insEvent.run(b.id, 'created', b.title, b.created_at)
        if (b.closed_at) insEvent.run(b.id, 'closed', 'closed', b.closed_at)
      }
      for (const d of g.deps) insDep.run(...d)
      for (const l of g.labels) insLabel.run(...l)
      for (const c of g.comments) insComment.run(...c)
      for (const c of g.childCounters) insCounter.run(...c)
    })
    .immediate()
  // Core's own readiness pass over every bead must agree with the values computed above.
  const changed = await writeTransaction(handle.tracker.db, (trx) =>
    refreshReadiness(
      trx,
      g.beads.map((b) => b.id),
    ),
  )
  if (changed !== 0) throw new Error(`generator and core disagree on readiness for ${changed} beads`)
  // A real workspace has its JSONL next to the database (committed with the code): write it the way
  // `bd export` does, fingerprint recorded, so commands find it current and writes patch it.
  await handle.tracker.writeJsonlFile(jsonl, jsonl)
  raw.pragma('wal_checkpoint(TRUNCATE)')
  await handle.close()
  const pick = (n) => g.beads[Math.floor(g.beads.length * n)].id
  return {
    dir,
    database,
    ...g.expected,
    dependencies: g.deps.length,
    labels: g.labels.length,
    comments: g.comments.length,
    sampleIds: [pick(0.1), pick(0.5), pick(0.9)],
    readyIds: g.beads.filter((b) => b.status === 'open' && !b.is_blocked && !b.effective_defer_until && !b.assignee).map((b) => b.id),
    ms: Math.round(performance.now() - t0),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2)
  if (!dir || !count) {
    console.error('usage: node bench/generate.mjs <dir> <count>')
    process.exit(2)
  }
  const { readyIds, ...summary } = await generateWorkspace(dir, Number(count))
  console.log(JSON.stringify(summary, null, 2))
}
