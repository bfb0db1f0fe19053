import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DomainError } from '../../packages/core/src/errors.js'
import { serializeLine } from '../../packages/core/src/tracker/jsonl/format.js'
import { memoryTracker } from '../_support/tracker.js'

const fixture = (name: string) => readFileSync(new URL(`../../db/fixtures/${name}`, import.meta.url), 'utf8')
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id)

async function richTracker() {
  const t = await memoryTracker()
  const { tracker } = t
  const epic = await tracker.create({
    title: 'Epic <one> & "two"',
    issue_type: 'epic',
    priority: 1,
    labels: ['z-last', 'a-first'],
    description: 'multi\nline',
    design: 'd',
    acceptance_criteria: 'ac',
    notes: 'n',
  })
  const child = await tracker.create({ title: 'Child', parent: epic.id, assignee: 'bob', estimated_minutes: 30, external_ref: 'gh-9' })
  const gate = await tracker.create({ title: 'Gate', priority: 0 })
  const waits = await tracker.create({ title: 'Waits', deps: [gate.id, `related:${child.id}`, `discovered-from:${epic.id}`] })
  const later = await tracker.create({ title: 'Later', defer_until: '2099-01-01' })
  const done = await tracker.create({ title: 'Done' })
  await tracker.close([done.id], { reason: 'Shipped' })
  await tracker.addComment(waits.id, 'first comment')
  await tracker.addComment(waits.id, 'second\ncomment')
  await tracker.update([child.id], { status: 'in_progress' })
  return { ...t, all: [epic, child, gate, waits, later, done].map((i) => i.id) }
}

test('export → import into a fresh tracker reproduces show() of every bead, and the same file', async () => {
  const a = await richTracker()
  const file = await a.tracker.exportJsonl()
  const b = await memoryTracker()
  const summary = await b.tracker.importJsonl(file)
  assert.is(summary.created, a.all.length)
  assert.equal(summary.warnings, [])
  assert.equal(await b.tracker.show(a.all), await a.tracker.show(a.all))
  assert.is(await b.tracker.exportJsonl(), file)
  assert.equal(ids(await b.tracker.ready({ limit: 0 })), ids(await a.tracker.ready({ limit: 0 })))
  assert.equal(ids(await b.tracker.blocked()), ids(await a.tracker.blocked()))
  // Importing the same file again changes nothing.
  const again = await b.tracker.importJsonl(file)
  assert.equal([again.created, again.updated, again.unchanged], [0, 0, a.all.length])
})

test('lines are sorted by id, in beads key order, with Go-style escaping', async () => {
  const a = await richTracker()
  const lines = (await a.tracker.exportJsonl()).trimEnd().split('\n')
  const parsed = lines.map((l) => JSON.parse(l))
  assert.equal(
    parsed.map((p) => p.id),
    [...parsed.map((p) => p.id)].sort(),
  )
  const epic = parsed.find((p) => p.issue_type === 'epic')
  assert.equal(Object.keys(epic), [
    'id',
    'title',
    'description',
    'design',
    'acceptance_criteria',
    'notes',
    'status',
    'priority',
    'issue_type',
    'created_at',
    'created_by',
    'updated_at',
    'labels',
  ])
  assert.equal(epic.labels, ['a-first', 'z-last'])
  const raw = lines.find((l) => l.includes('"epic"'))!
  assert.ok(raw.includes('Epic \\u003cone\\u003e \\u0026 \\"two\\"'), raw)
  assert.is(serializeLine({ id: 'x', title: 'a\u2028b' } as never), '{"id":"x","title":"a\\u2028b"}')
  const child = parsed.find((p) => p.title === 'Child')
  assert.equal(Object.keys(child.dependencies[0]), ['issue_id', 'depends_on_id', 'type', 'created_at', 'created_by'])
  assert.is(child.estimated_minutes, 30)
  assert.is(child.external_ref, 'gh-9')
})

test('a file written by the public beads tracker imports with ids, priorities, statuses, labels and edges intact', async () => {
  const { tracker } = await memoryTracker()
  const s = await tracker.importJsonl(fixture('beads-public.jsonl'))
  // The tombstone is stored (and written back) but shown nowhere.
  assert.equal([s.created, s.tombstones], [7, 1])
  const all = await tracker.list({ all: true, limit: 0, sort: 'oldest' })
  assert.equal(ids(all).sort(), ['bd-1a2', 'bd-1a2.1', 'bd-3cd', 'bd-4ef', 'bd-5gh', 'bd-6ij'])
  const [epic, login, rate, typo, flaky, idea] = await tracker.show(['bd-1a2', 'bd-1a2.1', 'bd-3cd', 'bd-4ef', 'bd-5gh', 'bd-6ij'])
  assert.equal([epic!.priority, login!.priority, rate!.priority, typo!.priority, flaky!.priority, idea!.priority], [1, 0, 2, 4, 1, 3])
  assert.equal(
    [epic!.status, login!.status, rate!.status, typo!.status, flaky!.status, idea!.status],
    ['open', 'in_progress', 'open', 'closed', 'blocked', 'deferred'],
  )
  assert.equal(epic!.labels, ['auth', 'backend'])
  assert.equal(flaky!.labels, ['flaky', 'tests'])
  // Times stay as written (offset, nanoseconds); ordering uses their full-precision key.
  assert.is(epic!.created_at, '2025-10-14T09:00:00.123456789-07:00')
  assert.equal(
    login!.dependencies.map((d) => [d.id, d.dependency_type]),
    [['bd-1a2', 'parent-child']],
  )
  assert.equal(flaky!.dependencies.map((d) => [d.id, d.dependency_type]).sort(), [
    ['bd-1a2.1', 'discovered-from'],
    ['bd-3cd', 'related'],
  ])
  assert.equal(
    login!.comments.map((c) => [c.id, c.author, c.text]),
    [[7, 'bob', 'Started; token TTL < 15m & refresh later']],
  )
  assert.is(typo!.close_reason, 'Fixed in 1f3e2a')
  assert.is(flaky!.external_ref, 'gh-9'.replace('9', '42'))
  // Readiness is computed: the rate limiter waits on the in-progress login; the idea is deferred.
  assert.equal(ids(await tracker.ready()), ['bd-1a2'])
  assert.equal(ids(await tracker.blocked()).sort(), ['bd-3cd', 'bd-5gh', 'bd-6ij'])
  // The whole file round-trips byte for byte, tombstone included.
  assert.is(await tracker.exportJsonl(), fixture('beads-public.jsonl'))
  // A new child of the epic continues the numbering instead of reusing .1.
  assert.is((await tracker.create({ title: 'Logout', parent: 'bd-1a2' })).id, 'bd-1a2.2')
})

test('merge-conflict markers are refused with their line numbers, and nothing changes', async () => {
  const { tracker } = await memoryTracker()
  try {
    await tracker.importJsonl(fixture('conflicted.jsonl'))
    assert.unreachable()
  } catch (e) {
    assert.instance(e, DomainError)
    assert.is((e as DomainError).code, 'CONFLICT')
    assert.match((e as Error).message, /lines 2, 4, 6/)
  }
  assert.equal(await tracker.list({ all: true }), [])
})

test('a bad line refuses the whole file, naming the line; unknown fields are ignored', async () => {
  const { tracker } = await memoryTracker()
  const good =
    '{"id":"bd-a","title":"fine","status":"open","priority":2,"issue_type":"task","created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z","mystery":{"nested":[1,2]},"wisp_type":"x"}'
  const badPriority = '{"id":"bd-b","title":"bad","priority":9,"created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z"}'
  try {
    await tracker.importJsonl(`${good}\n${badPriority}\n`)
    assert.unreachable()
  } catch (e) {
    assert.match((e as Error).message, /^line 2: bd-b has invalid priority 9/)
  }
  try {
    await tracker.importJsonl(`${good}\n{not json\n`)
    assert.unreachable()
  } catch (e) {
    assert.match((e as Error).message, /^line 2: not valid JSON/)
  }
  assert.equal(await tracker.list({ all: true }), [])
  const s = await tracker.importJsonl(good + '\n')
  assert.is(s.created, 1)
  assert.is((await tracker.show(['bd-a']))[0]!.title, 'fine')
})

test('merge: unchanged lines skipped, the later updated_at wins, duplicate lines collapse to the later one', async () => {
  const { tracker, clock } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b' })
  const file = await tracker.exportJsonl()
  const line = (id: string) => JSON.parse(file.split('\n').find((l) => l.includes(`"${id}"`))!)
  // Local edit after the export: the file's older line must not overwrite it.
  clock.advance(60_000)
  await tracker.update([a.id], { title: 'a (local, newer)' })
  // The file's b is newer than the database's b.
  const newerB = { ...line(b.id), title: 'b (remote, newer)', updated_at: new Date(clock.now.getTime() + 120_000).toISOString(), labels: ['remote'] }
  const c1 = {
    id: 'bd-zzz1',
    title: 'c v1',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
  }
  const c2 = {
    ...c1,
    title: 'c v2',
    updated_at: '2025-01-02T00:00:00Z',
    comments: [{ id: 1, issue_id: 'bd-zzz1', author: 'x', text: 'hi', created_at: '2025-01-02T00:00:00Z' }],
  }
  const content = [line(a.id), newerB, c2, c1].map((o) => JSON.stringify(o)).join('\n')
  const s = await tracker.importJsonl(content)
  assert.equal([s.created, s.updated, s.unchanged, s.kept_local], [1, 1, 1, 1])
  const [ra, rb, rc] = await tracker.show([a.id, b.id, 'bd-zzz1'])
  assert.is(ra!.title, 'a (local, newer)')
  assert.is(rb!.title, 'b (remote, newer)')
  assert.equal(rb!.labels, ['remote'])
  assert.is(rc!.title, 'c v2')
  assert.equal(
    rc!.comments.map((c) => c.text),
    ['hi'],
  )
  assert.ok(s.warnings.some((w) => w.includes('bd-zzz1')))
})

test('an updated blocker in the file re-evaluates its dependents', async () => {
  const { tracker } = await memoryTracker()
  const blocker = await tracker.create({ title: 'blocker' })
  const waiting = await tracker.create({ title: 'waiting', deps: [blocker.id] })
  assert.equal(ids(await tracker.ready()), [blocker.id])
  const closed = JSON.parse((await tracker.exportJsonl()).split('\n').find((l) => l.startsWith(`{"id":"${blocker.id}"`))!)
  Object.assign(closed, { status: 'closed', closed_at: '2099-01-01T00:00:00.000Z', updated_at: '2099-01-01T00:00:00.000Z' })
  const s = await tracker.importJsonl(JSON.stringify(closed))
  assert.is(s.updated, 1)
  assert.equal(ids(await tracker.ready()), [waiting.id])
})

test('dry run reports and writes nothing; a dangling edge is kept, shown as missing, and never blocks', async () => {
  const { tracker } = await memoryTracker()
  const line =
    '{"id":"bd-x","title":"x","status":"open","priority":2,"issue_type":"task","created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z","dependencies":[{"issue_id":"bd-x","depends_on_id":"bd-missing","type":"blocks","created_at":"2025-01-01T00:00:00Z"}]}'
  const dry = await tracker.importJsonl(line, { dryRun: true })
  assert.equal([dry.created, dry.dry_run], [1, true])
  assert.equal(await tracker.list({ all: true }), [])
  const real = await tracker.importJsonl(line)
  assert.equal(real.warnings, [])
  assert.equal(ids(await tracker.ready()), ['bd-x'])
  assert.equal((await tracker.show(['bd-x']))[0]!.missing_dependencies, [{ depends_on_id: 'bd-missing', dependency_type: 'blocks', reason: 'missing' }])
  assert.is(await tracker.exportJsonl(), line + '\n')
})

test.run()
