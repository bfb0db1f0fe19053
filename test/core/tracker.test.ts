import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DomainError } from '../../packages/core/src/errors.js'
import { memoryTracker } from '../_support/tracker.js'

/** Asserts the promise rejects with a DomainError of `code` whose message contains `mentions`. */
async function rejects(p: Promise<unknown>, code: string, mentions?: string): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    assert.instance(e, DomainError)
    assert.is((e as DomainError).code, code, (e as Error).message)
    if (mentions) assert.ok((e as Error).message.includes(mentions), `"${(e as Error).message}" should mention ${mentions}`)
    return e as DomainError
  }
  throw new Error(`expected ${code}, but it succeeded`)
}

/** Every table's rows, so a refused change can be shown to have changed nothing. */
async function snapshot(rows: (q: string) => Promise<unknown[]>) {
  return Promise.all(['issues', 'dependencies', 'labels', 'comments', 'events', 'child_counters'].map((t) => rows(`SELECT * FROM ${t} ORDER BY 1, 2`)))
}

test('create stores every field and prints the contract shape', async () => {
  const { tracker } = await memoryTracker({ actor: 'ann' })
  const i = await tracker.create({
    title: '  Fix login  ',
    description: 'why',
    design: 'how',
    acceptance_criteria: 'when',
    notes: 'n',
    priority: 'p1',
    issue_type: 'enhancement',
    assignee: 'bob',
    labels: ['auth', 'auth', 'backend'],
    external_ref: 'gh-42',
    estimated_minutes: '90',
    defer_until: '2030-01-02',
  })
  assert.match(i.id, /^bd-[0-9a-z]{4}$/)
  assert.equal(
    { ...i, id: 'x', created_at: 't', updated_at: 't' },
    {
      id: 'x',
      title: 'Fix login',
      description: 'why',
      design: 'how',
      acceptance_criteria: 'when',
      notes: 'n',
      status: 'open',
      priority: 1,
      issue_type: 'feature',
      assignee: 'bob',
      labels: ['auth', 'backend'],
      external_ref: 'gh-42',
      estimated_minutes: 90,
      created_at: 't',
      updated_at: 't',
      defer_until: '2030-01-02T00:00:00.000Z',
      created_by: 'ann',
    },
  )
})

test('defaults: priority 2 always present, type task, empty fields omitted', async () => {
  const { tracker } = await memoryTracker()
  const i = await tracker.create({ title: 't' })
  assert.is(i.priority, 2)
  assert.is(i.issue_type, 'task')
  assert.not.ok('description' in i)
  assert.not.ok('closed_at' in i)
  assert.equal(i.labels, [])
})

test('bad values are refused naming the value, and nothing is written', async () => {
  const { tracker, rows } = await memoryTracker()
  await tracker.create({ title: 'existing' })
  const before = await snapshot(rows)
  await rejects(tracker.create({ title: 'x', priority: '7' }), 'INVALID_PRIORITY', '"7"')
  await rejects(tracker.create({ title: 'x', issue_type: 'story' }), 'INVALID_TYPE', '"story"')
  await rejects(tracker.create({ title: 'x', defer_until: 'tomorrow' }), 'INVALID_DATE', '"tomorrow"')
  await rejects(tracker.create({ title: 'x', defer_until: '2026-02-30' }), 'INVALID_DATE', '2026-02-30')
  await rejects(tracker.create({ title: '   ' }), 'INVALID_VALUE', 'empty')
  await rejects(tracker.create({ title: 'x'.repeat(501) }), 'INVALID_VALUE', '501')
  await rejects(tracker.create({ title: 'x', estimated_minutes: '-5' }), 'INVALID_VALUE', '"-5"')
  await rejects(tracker.create({ title: 'x', deps: ['bd-nope'] }), 'NOT_FOUND', 'bd-nope')
  await rejects(tracker.create({ title: 'x', parent: 'zzzz' }), 'NOT_FOUND', 'zzzz')
  await rejects(tracker.create({ title: 'x', labels: ['has space'] }), 'INVALID_VALUE', 'has space')
  await rejects(tracker.create({ title: 'x', status: 'closed' }), 'INVALID_STATUS')
  assert.equal(await snapshot(rows), before)
})

test('children are P.1, P.2 …, nest at most three levels, and the counter never reuses a number', async () => {
  const { tracker, rows } = await memoryTracker()
  const p = await tracker.create({ title: 'parent' })
  const c1 = await tracker.create({ title: 'c1', parent: p.id })
  const c2 = await tracker.create({ title: 'c2', parent: p.id })
  assert.equal([c1.id, c2.id], [`${p.id}.1`, `${p.id}.2`])
  await rows('DELETE FROM issues WHERE id = ?', c2.id)
  const c3 = await tracker.create({ title: 'c3', parent: p.id })
  assert.is(c3.id, `${p.id}.3`)
  const g = await tracker.create({ title: 'g', parent: c1.id })
  const gg = await tracker.create({ title: 'gg', parent: g.id })
  assert.is(gg.id, `${p.id}.1.1.1`)
  await rejects(tracker.create({ title: 'too deep', parent: gg.id }), 'INVALID_VALUE', 'at most 3 levels')
  const [shown] = await tracker.show([c1.id])
  assert.equal(
    shown!.dependencies.map((d) => [d.id, d.dependency_type]),
    [[p.id, 'parent-child']],
  )
})

test('--deps: bare id and blocked-by wait on the target; blocks:X makes X wait; other types link', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b' })
  const c = await tracker.create({ title: 'c' })
  const d = await tracker.create({ title: 'd' })
  const n = await tracker.create({ title: 'n', deps: [a.id, `blocked-by:${b.id}`, `blocks:${c.id}`, `related:${d.id}`] })
  const [shown] = await tracker.show([n.id])
  assert.equal(shown!.dependencies.map((d) => `${d.id}:${d.dependency_type}`).sort(), [`${a.id}:blocks`, `${b.id}:blocks`, `${d.id}:related`].sort())
  assert.equal(
    shown!.dependents.map((d) => `${d.id}:${d.dependency_type}`),
    [`${c.id}:blocks`],
  )
  assert.equal(
    (await tracker.ready()).map((i) => i.id),
    [a.id, b.id, d.id],
  )
  await rejects(tracker.create({ title: 'x', deps: ['wat:' + a.id] }), 'INVALID_DEPENDENCY', 'wat')
})

test("blocks:X on create moves X's updated_at (its JSONL line gained an edge)", async () => {
  const { tracker } = await memoryTracker()
  const x = await tracker.create({ title: 'x' })
  await tracker.create({ title: 'n', deps: [`blocks:${x.id}`] })
  const [after] = await tracker.show([x.id])
  assert.ok(after!.updated_at > x.updated_at, `${after!.updated_at} should be later than ${x.updated_at}`)
})

test('explicit --id and external refs must be unique', async () => {
  const { tracker } = await memoryTracker()
  await tracker.create({ title: 'a', id: 'bd-fixed', external_ref: 'gh-1' })
  await rejects(tracker.create({ title: 'b', id: 'bd-fixed' }), 'DUPLICATE', 'bd-fixed')
  await rejects(tracker.create({ title: 'b', id: 'Other Prefix!' }), 'INVALID_ID')
  await rejects(tracker.create({ title: 'b', external_ref: 'gh-1' }), 'DUPLICATE', 'gh-1')
})

test('ids resolve: exact, without prefix, unique fragment; ambiguity lists candidates', async () => {
  const { tracker } = await memoryTracker()
  await tracker.create({ title: 'a', id: 'bd-abc1' })
  await tracker.create({ title: 'b', id: 'bd-abc2' })
  await tracker.create({ title: 'c', id: 'bd-xyz9' })
  assert.is(await tracker.resolveId('bd-abc1'), 'bd-abc1')
  assert.is(await tracker.resolveId('abc2'), 'bd-abc2')
  assert.is(await tracker.resolveId('YZ'), 'bd-xyz9')
  const e = await rejects(tracker.resolveId('abc'), 'AMBIGUOUS_ID', 'bd-abc1, bd-abc2')
  assert.equal((e.toJSON() as { candidates?: string[] }).candidates, ['bd-abc1', 'bd-abc2'])
  await rejects(tracker.resolveId('qqq'), 'NOT_FOUND', 'qqq')
  await rejects(tracker.resolveId("'; DROP TABLE issues; --"), 'NOT_FOUND')
})

test('claim is a compare-and-swap: idempotent for the same actor, refused for another', async () => {
  const m = await memoryTracker({ actor: 'ann' })
  const a = await m.tracker.create({ title: 'a' })
  const claimed = await m.tracker.claim(a.id)
  assert.is(claimed.assignee, 'ann')
  assert.is(claimed.status, 'in_progress')
  assert.is((await m.tracker.claim(a.id)).assignee, 'ann')
  m.as('bob')
  await rejects(m.tracker.claim(a.id), 'ALREADY_CLAIMED', 'already claimed by ann')
  const closed = await m.tracker.create({ title: 'c' })
  await m.tracker.close([closed.id])
  await rejects(m.tracker.claim(closed.id), 'NOT_CLAIMABLE', 'closed')
  const events = (await m.tracker.events(a.id)).map((e) => e.event_type)
  assert.equal(events, ['created', 'claimed', 'status_changed'])
})

test('claimReady hands out the first ready bead and skips claimed ones', async () => {
  const m = await memoryTracker({ actor: 'w1' })
  const a = await m.tracker.create({ title: 'a', priority: 0 })
  const b = await m.tracker.create({ title: 'b', priority: 1 })
  assert.is((await m.tracker.claimReady())!.id, a.id)
  m.as('w2')
  const got = await m.tracker.claimReady()
  assert.is(got!.id, b.id)
  assert.is(got!.assignee, 'w2')
  assert.is(await m.tracker.claimReady(), undefined)
})

test('update changes fields, appends notes, adds and removes labels, records events', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a', labels: ['old'], notes: 'first' })
  const [u] = await tracker.update([a.id], {
    title: 'A',
    priority: 'P0',
    append_notes: 'second',
    add_labels: ['new'],
    remove_labels: ['old'],
    issue_type: 'bug',
  })
  assert.is(u!.title, 'A')
  assert.is(u!.priority, 0)
  assert.is(u!.issue_type, 'bug')
  assert.is(u!.notes, 'first\nsecond')
  assert.equal(u!.labels, ['new'])
  const types = (await tracker.events(a.id)).map((e) => e.event_type)
  assert.equal(types, ['created', 'updated', 'label_added', 'label_removed'])
  const [cleared] = await tracker.update([a.id], { assignee: 'x' })
  assert.is(cleared!.assignee, 'x')
  const [unassigned] = await tracker.update([a.id], { assignee: '' })
  assert.not.ok('assignee' in unassigned!)
})

test('update of several ids is all or nothing', async () => {
  const { tracker, rows } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const before = await snapshot(rows)
  await rejects(tracker.update([a.id, 'bd-missing'], { priority: 0 }), 'NOT_FOUND', 'bd-missing')
  await rejects(tracker.update([a.id], { status: 'done' }), 'INVALID_STATUS', '"done"')
  assert.equal(await snapshot(rows), before)
})

test('close refuses open blockers unless forced; closing blocker and blocked together is fine', async () => {
  const { tracker, rows } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b', deps: [a.id] })
  const before = await snapshot(rows)
  const e = await rejects(tracker.close([b.id]), 'HAS_OPEN_BLOCKERS', a.id)
  assert.ok(e.hint?.includes('--force'))
  await rejects(tracker.update([b.id], { status: 'closed' }), 'HAS_OPEN_BLOCKERS')
  assert.equal(await snapshot(rows), before)
  const closed = await tracker.close([b.id, a.id], { reason: 'done together' })
  assert.equal(
    closed.map((i) => [i.status, i.close_reason]),
    [
      ['closed', 'done together'],
      ['closed', 'done together'],
    ],
  )
  const forced = await tracker.create({ title: 'f', deps: [(await tracker.create({ title: 'g' })).id] })
  const [f] = await tracker.close([forced.id], { force: true })
  assert.is(f!.close_reason, 'Closed')
  assert.ok(f!.closed_at)
})

test('reopen clears closed_at and reason; reopening an open bead is refused', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  await tracker.close([a.id], { reason: 'dup' })
  const [r] = await tracker.reopen([a.id], { reason: 'not a dup' })
  assert.is(r!.status, 'open')
  assert.not.ok('closed_at' in r!)
  assert.not.ok('close_reason' in r!)
  await rejects(tracker.reopen([a.id]), 'INVALID_STATUS', 'not closed')
  assert.equal(
    (await tracker.events(a.id)).map((e) => e.event_type),
    ['created', 'closed', 'reopened'],
  )
})

test('dependency refusals: self, cycle, missing target, child blocked by its ancestor; nothing written', async () => {
  const { tracker, rows } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b', deps: [a.id] })
  const c = await tracker.create({ title: 'c', deps: [b.id] })
  const epic = await tracker.create({ title: 'epic' })
  const kid = await tracker.create({ title: 'kid', parent: epic.id })
  const grandkid = await tracker.create({ title: 'grandkid', parent: kid.id })
  const before = await snapshot(rows)
  await rejects(tracker.addDependency(a.id, a.id), 'INVALID_DEPENDENCY', 'itself')
  const cyc = await rejects(tracker.addDependency(a.id, c.id), 'CYCLE')
  assert.ok(cyc.message.includes(`${a.id} -> ${c.id} -> ${b.id} -> ${a.id}`), cyc.message)
  await rejects(tracker.addDependency(a.id, 'bd-none'), 'NOT_FOUND', 'bd-none')
  await rejects(tracker.addDependency(grandkid.id, epic.id), 'INVALID_DEPENDENCY', 'ancestor')
  await rejects(tracker.addDependency(epic.id, grandkid.id), 'CYCLE')
  await rejects(tracker.addDependency(a.id, b.id, 'depends'), 'INVALID_DEPENDENCY', '"depends"')
  assert.equal(await snapshot(rows), before)
  // related edges may form loops: they never affect readiness
  await tracker.addDependency(a.id, c.id, 'related')
  assert.equal(await tracker.cycles(), [])
})

test('dep add is idempotent for the same type and keeps a second type beside the first; remove removes every type', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b' })
  assert.equal(await tracker.addDependency(b.id, a.id), { status: 'added', issue_id: b.id, depends_on_id: a.id, type: 'blocks' })
  assert.equal((await tracker.addDependency(b.id, a.id)).status, 'added')
  await tracker.addDependency(b.id, a.id, 'related')
  assert.equal((await tracker.dependencies(b.id)).map((d) => d.dependency_type).sort(), ['blocks', 'related'])
  assert.equal(await tracker.removeDependency(b.id, a.id), { status: 'removed', issue_id: b.id, depends_on_id: a.id, type: 'blocks' })
  assert.equal(await tracker.dependencies(b.id), [])
  await rejects(tracker.removeDependency(b.id, a.id), 'NOT_FOUND')
})

test('dep tree walks down and up, marking beads reached twice', async () => {
  const { tracker } = await memoryTracker()
  const base = await tracker.create({ title: 'base' })
  const l = await tracker.create({ title: 'left', deps: [base.id] })
  const r = await tracker.create({ title: 'right', deps: [base.id] })
  const top = await tracker.create({ title: 'top', deps: [l.id, r.id] })
  const down = await tracker.tree(top.id)
  assert.equal(
    down.map((n) => n.depth),
    [0, 1, 2, 1, 2],
  )
  assert.equal(
    down
      .filter((n) => n.depth === 1)
      .map((n) => n.id)
      .sort(),
    [l.id, r.id].sort(),
  )
  assert.equal(
    down.filter((n) => n.depth === 2).map((n) => [n.id, n.repeated ?? false]),
    [
      [base.id, false],
      [base.id, true],
    ],
  )
  assert.is(down[2]!.parent_id, down[1]!.id)
  const up = await tracker.tree(base.id, { direction: 'up' })
  assert.equal(up.map((n) => n.id).sort(), [base.id, l.id, r.id, top.id, top.id].sort())
})

test('cycles are found when they exist (e.g. brought in by an import)', async () => {
  const { tracker, rows } = await memoryTracker()
  const a = await tracker.create({ title: 'a' })
  const b = await tracker.create({ title: 'b', deps: [a.id] })
  await rows("INSERT INTO dependencies (issue_id, depends_on_id, type, created_at) VALUES (?, ?, 'blocks', 'now')", a.id, b.id)
  assert.equal(await tracker.cycles(), [[a.id, b.id].sort()])
})

test('list hides closed unless --all or --status closed, filters and limits', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'a', priority: 1 })
  const b = await tracker.create({ title: 'b' })
  await tracker.close([b.id])
  assert.equal(
    (await tracker.list()).map((i) => i.id),
    [a.id],
  )
  assert.equal(
    (await tracker.list({ all: true })).map((i) => i.id),
    [a.id, b.id],
  )
  assert.equal(
    (await tracker.list({ status: ['closed'] })).map((i) => i.id),
    [b.id],
  )
  for (let i = 0; i < 60; i++) await tracker.create({ title: `bulk ${i}`, priority: 4 })
  assert.is((await tracker.list()).length, 50)
  assert.is((await tracker.list({ limit: 0 })).length, 61)
})

test('hash length grows with the number of beads', async () => {
  const { hashLength } = await import('../../packages/core/src/tracker/ids.js')
  assert.is(hashLength(0), 4)
  assert.is(hashLength(10_000), 4)
  assert.is(hashLength(100_000), 5)
  assert.is(hashLength(10_000_000), 6)
})

test.run()
