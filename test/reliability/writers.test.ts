// Many processes writing one workspace at once, and a writer dying inside its transaction.
// (test/bd/concurrency.test.ts covers processes creating and claiming; these are the other cases.)
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bd, bdEnv, removeDir, type Run, seededWorkspace } from '../_support/bd-process.js'

const WRITERS = 20
const CLAIMERS = 10
const dirs: string[] = []

test.after(() => dirs.forEach(removeDir))

const integrity = (db: string): string => {
  const raw = new Database(db, { readonly: true })
  try {
    return (raw.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ')
  } finally {
    raw.close()
  }
}

const query = <T>(db: string, sql: string, ...params: unknown[]): T[] => {
  const raw = new Database(db, { readonly: true })
  try {
    return raw.prepare(sql).all(...params) as T[]
  } finally {
    raw.close()
  }
}

test(`${WRITERS} writer processes at once: create, update, claim, dep add, close: all succeed, no write lost`, async () => {
  const ws = await seededWorkspace('writers', async (t) => {
    await t.create({ id: 'ws-hub', title: 'Hub every new bead waits on' })
    for (let w = 0; w < WRITERS; w++) await t.create({ id: `ws-s${w}`, title: `Seeded for writer ${w}` })
  })
  dirs.push(ws.dir)
  const failures: string[] = []
  const step = async (w: number, args: string[]) => {
    const r: Run = await bd([...args, '--actor', `w${w}`], { cwd: ws.dir })
    if (r.code !== 0) failures.push(`w${w}: bd ${args.join(' ')} → exit ${r.code}: ${r.stderr.trim()}`)
  }
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      await step(w, ['create', `Writer ${w}'s bead`, '--id', `ws-w${w}`, '--silent'])
      await step(w, ['update', `ws-w${w}`, '-p', '1', '--add-label', `w${w}`])
      await step(w, ['update', `ws-s${w}`, '--claim'])
      await step(w, ['dep', 'add', `ws-w${w}`, 'ws-hub'])
      await step(w, ['close', `ws-s${w}`, '-r', `done by w${w}`])
    }),
  )
  assert.equal(failures, [], 'every write succeeds')
  const beads = query<{ id: string; priority: number; status: string; assignee: string | null; close_reason: string | null; is_blocked: number }>(
    ws.db,
    `SELECT id, priority, status, assignee, close_reason, is_blocked FROM issues`,
  )
  const byId = new Map(beads.map((b) => [b.id, b]))
  for (let w = 0; w < WRITERS; w++) {
    const mine = byId.get(`ws-w${w}`)
    assert.ok(mine, `ws-w${w} exists`)
    assert.is(mine!.priority, 1, `ws-w${w} priority`)
    assert.is(mine!.is_blocked, 1, `ws-w${w} is blocked by the open hub`)
    const seeded = byId.get(`ws-s${w}`)!
    assert.equal([seeded.status, seeded.assignee, seeded.close_reason], ['closed', `w${w}`, `done by w${w}`], `ws-s${w}`)
  }
  const labels = query<{ issue_id: string; label: string }>(ws.db, `SELECT issue_id, label FROM labels ORDER BY issue_id`)
  assert.is(labels.length, WRITERS)
  for (const l of labels) assert.is(l.issue_id, `ws-${l.label}`)
  const edges = query<{ n: number }>(ws.db, `SELECT count(*) AS n FROM dependencies WHERE depends_on_id = 'ws-hub' AND type = 'blocks'`)
  assert.is(edges[0]!.n, WRITERS)
  const events = query<{ actor: string; event_type: string }>(ws.db, `SELECT actor, event_type FROM events WHERE actor LIKE 'w%'`)
  for (let w = 0; w < WRITERS; w++) {
    const types = new Set(events.filter((e) => e.actor === `w${w}`).map((e) => e.event_type))
    for (const t of ['created', 'claimed', 'dependency_added', 'closed']) assert.ok(types.has(t), `w${w} recorded ${t}`)
  }
  assert.is(integrity(ws.db), 'ok')
})

test(`bd ready --claim from ${CLAIMERS} processes never hands out the same bead`, async () => {
  const READY = 6
  const ws = await seededWorkspace('claimers', async (t) => {
    await t.create({ id: 'ws-gate', title: 'Gate' })
    for (let i = 0; i < READY - 1; i++) await t.create({ id: `ws-r${i}`, title: `Ready ${i}` })
    // Held back: blocked by the gate, or already taken.
    for (let i = 0; i < 4; i++) await t.create({ id: `ws-b${i}`, title: `Blocked ${i}`, deps: ['ws-gate'] })
    await t.create({ id: 'ws-taken', title: 'Taken', assignee: 'someone' })
    await t.update(['ws-taken'], { status: 'in_progress' })
  })
  dirs.push(ws.dir)
  const results = await Promise.all(Array.from({ length: CLAIMERS }, (_, c) => bd(['ready', '--claim', '--json', '--actor', `c${c}`], { cwd: ws.dir })))
  for (const r of results) assert.is(r.code, 0, r.stderr)
  const got = results.map((r, c) => ({ c, items: JSON.parse(r.stdout) as Array<{ id: string; assignee: string; status: string }> }))
  const claimed = got.flatMap((g) => g.items.map((i) => ({ ...i, claimer: `c${g.c}` })))
  assert.is(claimed.length, READY, 'as many claims as ready beads')
  assert.is(new Set(claimed.map((c) => c.id)).size, READY, 'no bead handed out twice')
  assert.ok(got.every((g) => g.items.length <= 1))
  for (const c of claimed) {
    assert.ok(!c.id.startsWith('ws-b') && c.id !== 'ws-taken', `${c.id} was not ready`)
    assert.equal([c.assignee, c.status], [c.claimer, 'in_progress'])
  }
  const stored = query<{ id: string; assignee: string }>(ws.db, `SELECT id, assignee FROM issues WHERE status = 'in_progress' AND id <> 'ws-taken' ORDER BY id`)
  assert.equal(
    stored.map((s) => `${s.id}=${s.assignee}`),
    claimed.map((c) => `${c.id}=${c.claimer}`).sort(),
  )
  assert.is(integrity(ws.db), 'ok')
})

test('a writer killed with SIGKILL inside its transaction: nothing of it remains, the others go on', async () => {
  const ws = await seededWorkspace('sigkill', async (t) => {
    await t.create({ id: 'ws-a1', title: 'Existing' })
  })
  dirs.push(ws.dir)
  const holder = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/hold-write.mjs', import.meta.url)), ws.db, 'Doomed bead'], {
    env: bdEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let holderErr = ''
  holder.stderr.on('data', (d) => (holderErr += d))
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d) => String(d).includes('holding') && resolve())
    holder.on('exit', () => reject(new Error(`holder exited before holding the lock: ${holderErr}`)))
  })
  // The holder has the write lock; these writers queue on busy_timeout until it dies.
  const others = Array.from({ length: 5 }, (_, i) => bd(['create', `Survivor ${i}`, '--json', '--actor', `s${i}`], { cwd: ws.dir }))
  const reader = bd(['list', '--json'], { cwd: ws.dir })
  await new Promise((r) => setTimeout(r, 300))
  holder.kill('SIGKILL')
  const results = await Promise.all(others)
  for (const r of results) assert.is(r.code, 0, r.stderr)
  const listed = await reader
  assert.is(listed.code, 0, 'a reader is never blocked by a writer (WAL)')
  assert.is(integrity(ws.db), 'ok')
  const titles = query<{ title: string }>(ws.db, `SELECT title FROM issues ORDER BY title`).map((r) => r.title)
  assert.equal(titles, ['Existing', 'Survivor 0', 'Survivor 1', 'Survivor 2', 'Survivor 3', 'Survivor 4'])
  assert.equal(query(ws.db, `SELECT * FROM labels WHERE label = 'doomed'`), [])
  assert.equal(query(ws.db, `SELECT * FROM events WHERE actor = 'doomed'`), [])
  const after = await bd(['update', 'ws-a1', '--claim', '--json'], { cwd: ws.dir })
  assert.is(after.code, 0, after.stderr)
})

test.run()
