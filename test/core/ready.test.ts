import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { memoryTracker } from '../_support/tracker.js'

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id)

test('a closed blocker no longer blocks; an open one does', async () => {
  const { tracker } = await memoryTracker()
  const blocker = await tracker.create({ title: 'blocker' })
  const child = await tracker.create({ title: 'waits', deps: [blocker.id] })
  assert.equal(ids(await tracker.ready()), [blocker.id])
  await tracker.close([blocker.id])
  assert.equal(ids(await tracker.ready()), [child.id])
})

test('related and discovered-from edges never block', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b', deps: [`related:${a.id}`] })
  const c = await tracker.create({ title: 'c', deps: [`discovered-from:${a.id}`] })
  assert.equal(ids(await tracker.ready()).sort(), [a.id, b.id, c.id].sort())
})

test('blocking passes down the parent-child chain, transitively', async () => {
  const { tracker } = await memoryTracker()
  const gate = await tracker.create({ title: 'gate' })
  const epic = await tracker.create({ title: 'epic', issue_type: 'epic', deps: [gate.id] })
  const task = await tracker.create({ title: 'task', parent: epic.id })
  const sub = await tracker.create({ title: 'sub', parent: task.id })
  assert.is(task.id, `${epic.id}.1`)
  assert.is(sub.id, `${epic.id}.1.1`)
  assert.equal(ids(await tracker.ready()), [gate.id])
  const blocked = await tracker.blocked()
  assert.equal(ids(blocked).sort(), [epic.id, task.id, sub.id].sort())
  assert.equal(blocked.find((b) => b.id === task.id)!.blocked_by, [epic.id])
  await tracker.close([gate.id])
  assert.equal(ids(await tracker.ready()).sort(), [epic.id, task.id, sub.id].sort())
})

test('a parent with open children stays ready; an open parent does not block its children', async () => {
  const { tracker } = await memoryTracker()
  const epic = await tracker.create({ title: 'epic', issue_type: 'epic' })
  const kid = await tracker.create({ title: 'kid', parent: epic.id })
  assert.equal(ids(await tracker.ready()), [epic.id, kid.id])
})

test('a parent marked blocked or deferred holds its children back', async () => {
  const { tracker } = await memoryTracker()
  const epic = await tracker.create({ title: 'epic' })
  const kid = await tracker.create({ title: 'kid', parent: epic.id })
  await tracker.update([epic.id], { status: 'blocked' })
  assert.equal(ids(await tracker.ready()), [])
  await tracker.update([epic.id], { status: 'open' })
  assert.equal(ids(await tracker.ready()), [epic.id, kid.id])
})

test('deferral: own date and an ancestor date both hide a bead until they pass', async () => {
  const { tracker, clock } = await memoryTracker()
  const later = await tracker.create({ title: 'later', defer_until: '+2d' })
  const epic = await tracker.create({ title: 'epic', defer_until: '+1d' })
  const kid = await tracker.create({ title: 'kid', parent: epic.id })
  const now = await tracker.create({ title: 'now' })
  assert.equal(ids(await tracker.ready()), [now.id])
  clock.advance(25 * 3_600_000)
  assert.equal(ids(await tracker.ready()), [epic.id, kid.id, now.id])
  clock.advance(24 * 3_600_000)
  assert.equal(ids(await tracker.ready()), [later.id, epic.id, kid.id, now.id])
  await tracker.update([later.id], { defer_until: '+1w' })
  assert.not.ok(ids(await tracker.ready()).includes(later.id))
  await tracker.update([later.id], { defer_until: '' })
  assert.ok(ids(await tracker.ready()).includes(later.id))
})

test('default order: priority, then oldest first (FIFO within a tier), then id', async () => {
  const { tracker } = await memoryTracker()
  const p2old = await tracker.create({ title: 'p2 old' })
  const p1 = await tracker.create({ title: 'p1', priority: 'P1' })
  const p2new = await tracker.create({ title: 'p2 new', priority: 2 })
  const p0 = await tracker.create({ title: 'p0', priority: '0' })
  assert.equal(ids(await tracker.ready()), [p0.id, p1.id, p2old.id, p2new.id])
  assert.equal(ids(await tracker.ready({ sort: 'oldest' })), [p2old.id, p1.id, p2new.id, p0.id])
})

test('hybrid sort: recent beads by priority first, then older ones oldest-first', async () => {
  const { tracker, clock } = await memoryTracker()
  const oldLow = await tracker.create({ title: 'old low', priority: 3 })
  const oldHigh = await tracker.create({ title: 'old high', priority: 0 })
  clock.advance(72 * 3_600_000)
  const newLow = await tracker.create({ title: 'new low', priority: 4 })
  const newHigh = await tracker.create({ title: 'new high', priority: 1 })
  assert.equal(ids(await tracker.ready({ sort: 'hybrid' })), [newHigh.id, newLow.id, oldLow.id, oldHigh.id])
})

test('ready filters: priority, assignee, unassigned, labels (all / any), type, parent, limit', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a', priority: 0, labels: ['api', 'db'], issue_type: 'bug' })
  const b = await tracker.create({ title: 'b', priority: 1, labels: ['api'], assignee: 'ann' })
  const epic = await tracker.create({ title: 'epic', issue_type: 'epic', priority: 3 })
  const c = await tracker.create({ title: 'c', parent: epic.id, labels: ['ui'], issue_type: 'feat' })
  assert.equal(ids(await tracker.ready({ priority: ['P0', 1] })), [a.id, b.id])
  assert.equal(ids(await tracker.ready({ assignee: 'ann' })), [b.id])
  assert.equal(ids(await tracker.ready({ unassigned: true })), [a.id, c.id, epic.id])
  assert.equal(ids(await tracker.ready({ labels: ['api', 'db'] })), [a.id])
  assert.equal(ids(await tracker.ready({ labels_any: ['db', 'ui'] })), [a.id, c.id])
  assert.equal(ids(await tracker.ready({ issue_type: ['feature'] })), [c.id])
  assert.equal(ids(await tracker.ready({ parent: epic.id })), [c.id])
  assert.equal(ids(await tracker.ready({ limit: 2 })), [a.id, b.id])
})

test('ready adds dependency, dependent and comment counts', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  await tracker.create({ title: 'b', deps: [a.id] })
  await tracker.addComment(a.id, 'hello')
  const [row] = await tracker.ready()
  assert.is(row!.id, a.id)
  assert.is(row!.dependent_count, 1)
  assert.is(row!.dependency_count, 0)
  assert.is(row!.comment_count, 1)
})

test('removing the last blocker edge makes a bead ready again; adding one blocks it', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b' })
  await tracker.addDependency(b.id, a.id)
  assert.equal(ids(await tracker.ready()), [a.id])
  await tracker.removeDependency(b.id, a.id)
  assert.equal(ids(await tracker.ready()), [a.id, b.id])
})

test('reopening a blocker blocks its dependents again; in-progress beads are not ready', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b', deps: [a.id] })
  await tracker.close([a.id])
  assert.equal(ids(await tracker.ready()), [b.id])
  await tracker.reopen([a.id])
  assert.equal(ids(await tracker.ready()), [a.id])
  await tracker.claim(a.id)
  assert.equal(ids(await tracker.ready()), [])
})

test.run()
