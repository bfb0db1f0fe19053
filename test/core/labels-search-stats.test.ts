import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { memoryTracker } from '../_support/tracker.js'

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id)

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp) => {
  try {
    await p
  } catch (e) {
    assert.is((e as { code?: string }).code, code)
    if (message) assert.match((e as Error).message, message)
    return
  }
  assert.unreachable(`expected ${code}`)
}

test('labels: add is idempotent, remove too, empty or spaced labels are refused; list and list-all shapes', async () => {
  const { tracker, rows } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b' })
  assert.equal(await tracker.addLabel([a.id, b.id], 'backend'), [
    { status: 'added', issue_id: a.id, label: 'backend' },
    { status: 'added', issue_id: b.id, label: 'backend' },
  ])
  const before = (await tracker.show([a.id]))[0]!.updated_at
  await tracker.addLabel([a.id], 'backend')
  assert.is((await tracker.show([a.id]))[0]!.updated_at, before, 'a no-op add does not touch the bead')
  await tracker.addLabel([a.id], 'api')
  assert.equal(await tracker.labels(a.id), ['api', 'backend'])
  assert.equal(await tracker.allLabels(), [
    { label: 'api', count: 1 },
    { label: 'backend', count: 2 },
  ])
  await tracker.removeLabel([a.id], 'backend')
  await tracker.removeLabel([a.id], 'backend')
  assert.equal(await tracker.labels(a.id), ['api'])
  await rejects(tracker.addLabel([a.id], '  '), 'INVALID_VALUE', /must not be empty/)
  await rejects(tracker.addLabel([a.id], 'two words'), 'INVALID_VALUE', /two words/)
  await rejects(tracker.addLabel(['nope'], 'x'), 'NOT_FOUND')
  const events = (
    await rows<{ event_type: string; n: number }>("SELECT event_type, COUNT(*) AS n FROM events WHERE event_type LIKE 'label_%' GROUP BY event_type ORDER BY 1")
  ).map((r) => ({ ...r, n: Number(r.n) }))
  assert.equal(events, [
    { event_type: 'label_added', n: 3 },
    { event_type: 'label_removed', n: 1 },
  ])
})

test('comments: shape, order, empty text refused', async () => {
  const { tracker, as } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  as('ann')
  const c1 = await tracker.addComment(a.id, 'first')
  as('bob')
  await tracker.addComment(a.id, 'second')
  assert.equal(Object.keys(c1), ['id', 'issue_id', 'author', 'text', 'created_at'])
  assert.equal(
    (await tracker.comments(a.id)).map((c) => [c.author, c.text]),
    [
      ['ann', 'first'],
      ['bob', 'second'],
    ],
  )
  await rejects(tracker.addComment(a.id, '   '), 'INVALID_VALUE')
})

test('search: case-insensitive over title, description and id; all statuses; list filters apply', async () => {
  const { tracker } = await memoryTracker()
  const login = await tracker.create({ title: 'Fix LOGIN redirect', labels: ['web'] })
  const cache = await tracker.create({ title: 'Cache', description: 'the login page is slow' })
  const other = await tracker.create({ title: 'Unrelated' })
  const done = await tracker.create({ title: 'old login work' })
  await tracker.close([done.id])
  assert.equal(ids(await tracker.search('login')).sort(), [login.id, cache.id, done.id].sort())
  assert.equal(ids(await tracker.search('LoGiN', { status: ['open'], labels: ['web'] })), [login.id])
  assert.equal(ids(await tracker.search(other.id.slice(3))), [other.id])
  assert.equal(await tracker.search('100%_sure'), [])
  const [hit] = await tracker.search('redirect')
  assert.equal([hit!.dependency_count, hit!.dependent_count, hit!.comment_count], [0, 0, 0])
  const accent = await tracker.create({ title: 'Été planning' })
  assert.equal(ids(await tracker.search('été')), [accent.id])
  await rejects(tracker.search('  '), 'INVALID_VALUE')
})

test('stats: the beads summary shape and counts; average lead time in hours', async () => {
  const { tracker, clock } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  await tracker.create({ title: 'b', deps: [a.id] })
  const c = await tracker.create({ title: 'c' })
  await tracker.create({ title: 'd', defer_until: '+2d' })
  await tracker.create({ title: 'e', status: 'deferred' })
  await tracker.update([c.id], { claim: true })
  const done = await tracker.create({ title: 'f' })
  clock.advance(2 * 3_600_000)
  await tracker.close([done.id])
  const s = await tracker.stats()
  assert.equal(Object.keys(s.summary), [
    'total_issues',
    'open_issues',
    'in_progress_issues',
    'closed_issues',
    'blocked_issues',
    'deferred_issues',
    'ready_issues',
    'average_lead_time_hours',
  ])
  assert.equal(s.summary, {
    total_issues: 6,
    open_issues: 3,
    in_progress_issues: 1,
    closed_issues: 1,
    blocked_issues: 1,
    deferred_issues: 1,
    ready_issues: 1,
    average_lead_time_hours: 2,
  })
  assert.is(s.summary.ready_issues, (await tracker.ready()).length)
})

test('count: total, grouped, closed only with --all', async () => {
  const { tracker } = await memoryTracker()
  await tracker.create({ title: 'a', priority: 1, labels: ['x', 'y'] })
  await tracker.create({ title: 'b', priority: 1, assignee: 'ann', labels: ['x'] })
  const c = await tracker.create({ title: 'c', issue_type: 'bug' })
  await tracker.close([c.id])
  assert.equal(await tracker.count(), { count: 2 })
  assert.equal(await tracker.count({ all: true }), { count: 3 })
  assert.equal(await tracker.count({ all: true }, 'status'), {
    total: 3,
    groups: [
      { group: 'closed', count: 1 },
      { group: 'open', count: 2 },
    ],
  })
  assert.equal(await tracker.count({}, 'priority'), { total: 2, groups: [{ group: 'P1', count: 2 }] })
  assert.equal(await tracker.count({}, 'label'), {
    total: 2,
    groups: [
      { group: 'x', count: 2 },
      { group: 'y', count: 1 },
    ],
  })
  assert.equal(await tracker.count({ all: true }, 'assignee'), {
    total: 3,
    groups: [
      { group: '(unassigned)', count: 2 },
      { group: 'ann', count: 1 },
    ],
  })
  await rejects(tracker.count({}, 'colour'), 'INVALID_VALUE', /colour/)
})

test('stale: beads untouched for N days, oldest first, closed excluded', async () => {
  const { tracker, clock } = await memoryTracker()
  const old = await tracker.create({ title: 'old' })
  const closedOld = await tracker.create({ title: 'closed old' })
  await tracker.close([closedOld.id])
  clock.advance(10 * 86_400_000)
  const mid = await tracker.create({ title: 'mid' })
  clock.advance(5 * 86_400_000)
  await tracker.create({ title: 'fresh' })
  assert.equal(ids(await tracker.stale(7)), [old.id])
  assert.equal(ids(await tracker.stale(3)), [old.id, mid.id])
  await rejects(tracker.stale('soon'), 'INVALID_VALUE', /soon/)
})

test('delete: preview changes nothing; --force leaves a tombstone, keeps edges (no longer blocking), makes dependents ready, records an event', async () => {
  const { tracker, rows } = await memoryTracker()
  const blocker = await tracker.create({ title: 'blocker' })
  const waiting = await tracker.create({ title: 'waiting', deps: [blocker.id] })
  const epic = await tracker.create({ title: 'epic' })
  const kid = await tracker.create({ title: 'kid', parent: epic.id })
  const preview = await tracker.delete([blocker.id])
  assert.equal(preview, { preview: true, deleted: [{ id: blocker.id, title: 'blocker', status: 'open' }], dependents: [waiting.id], now_ready: [waiting.id] })
  assert.equal(ids(await tracker.list()).includes(blocker.id), true)
  assert.equal(ids(await tracker.ready()).includes(waiting.id), false)
  const done = await tracker.delete([blocker.id], { force: true })
  assert.is(done.preview, false)
  assert.ok(ids(await tracker.ready()).includes(waiting.id))
  const shown = (await tracker.show([waiting.id]))[0]!
  assert.equal([shown.dependencies, shown.missing_dependencies], [[], [{ depends_on_id: blocker.id, dependency_type: 'blocks', reason: 'deleted' }]])
  assert.not.ok(ids(await tracker.list({ all: true })).includes(blocker.id))
  assert.equal((await tracker.stats()).summary.total_issues, 3)
  try {
    await tracker.show([blocker.id])
    assert.unreachable()
  } catch (e) {
    assert.match((e as Error).message, `${blocker.id} was deleted`)
  }
  assert.equal(await rows("SELECT issue_id FROM events WHERE event_type = 'deleted'"), [{ issue_id: blocker.id }])
  // The child counter never goes back: a new child after deleting .1 is .2.
  await tracker.delete([kid.id], { force: true })
  assert.is((await tracker.create({ title: 'kid 2', parent: epic.id })).id, `${epic.id}.2`)
})

test.run()
