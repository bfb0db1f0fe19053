// bd plan and ready --explain as rules over a real (in-memory SQLite) tracker: hand-built graphs
// for waves, critical path and tracks; random graphs for "explain never disagrees with ready".
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { memoryTracker } from '../_support/tracker.js'

const waveIds = (plan: { waves: Array<{ beads: Array<{ id: string }> }> }) => plan.waves.map((w) => w.beads.map((b) => b.id))

test('diamond: waves follow the blockers, the critical path takes the heavier side, tracks keep it moving first', async () => {
  const { tracker } = await memoryTracker()
  const a = await tracker.create({ title: 'schema', estimated_minutes: 60 })
  const light = await tracker.create({ title: 'light side', estimated_minutes: 30, deps: [a.id] })
  const heavy = await tracker.create({ title: 'heavy side', estimated_minutes: 240, deps: [a.id] })
  const d = await tracker.create({ title: 'ship', estimated_minutes: 15, deps: [light.id, heavy.id] })
  const loose = await tracker.create({ title: 'unrelated, no estimate' })
  const plan = await tracker.plan({ workers: 2 })
  assert.equal(waveIds(plan), [[a.id, loose.id], [light.id, heavy.id], [d.id]])
  assert.equal(
    plan.waves.map((w) => w.beads.map((b) => b.title)),
    [['schema', 'unrelated, no estimate'], ['light side', 'heavy side'], ['ship']],
  )
  assert.equal(plan.critical_path, { beads: [a.id, heavy.id, d.id], minutes: 315 })
  // The unestimated bead counts as the mean of the others: (60+30+240+15)/4 = 86.
  assert.is(plan.default_minutes, 86)
  const tracks = plan.tracks!.tracks.map((t) => t.steps.map((s) => s.id))
  // Track 1 takes the critical path start to end; the loose bead and the light side fill track 2.
  assert.equal(tracks, [
    [a.id, heavy.id, d.id],
    [loose.id, light.id],
  ])
  assert.is(plan.tracks!.minutes, 315)
  assert.equal(new Set(plan.waves[2]!.beads[0]!.waits_on), new Set([light.id, heavy.id]))
  // Same graph, same plan: byte for byte.
  assert.is(JSON.stringify(await tracker.plan({ workers: 2 })), JSON.stringify(plan))
})

test('parent-child: children wait for what their parent waits for; a blocked parent holds its subtree', async () => {
  const { tracker } = await memoryTracker()
  const gate = await tracker.create({ title: 'gate' })
  const epic = await tracker.create({ title: 'epic', issue_type: 'epic', deps: [gate.id] })
  const child = await tracker.create({ title: 'child', parent: epic.id })
  const grandchild = await tracker.create({ title: 'grandchild', parent: child.id })
  const held = await tracker.create({ title: 'held epic', issue_type: 'epic' })
  const heldChild = await tracker.create({ title: 'under a blocked epic', parent: held.id })
  const afterHeld = await tracker.create({ title: 'waits on a held bead', deps: [heldChild.id] })
  await tracker.update([held.id], { status: 'blocked' })
  const plan = await tracker.plan()
  assert.equal(waveIds(plan), [[gate.id], [epic.id, child.id, grandchild.id]])
  assert.equal(plan.waves[1]!.beads.find((b) => b.id === grandchild.id)!.waits_on, [gate.id])
  assert.equal(
    plan.held.map((h) => [h.id, h.reason]),
    [
      [held.id, 'status is blocked'],
      [heldChild.id, `ancestor ${held.id} is blocked`],
      [afterHeld.id, `waits on held ${heldChild.id}`],
    ],
  )
  assert.equal(plan.critical_path.beads.length, 2)
  assert.is(plan.critical_path.beads[0], gate.id)
})

test('deferred: a future defer holds the bead and what waits on it; a past one does not; in-progress work sits in wave 1', async () => {
  const { tracker, clock } = await memoryTracker()
  const later = await tracker.create({ title: 'later', defer_until: '2026-06-01' })
  const afterLater = await tracker.create({ title: 'after later', deps: [later.id] })
  const past = await tracker.create({ title: 'past defer', defer_until: '2025-06-01' })
  const running = await tracker.create({ title: 'running' })
  await tracker.claim(running.id)
  const afterRunning = await tracker.create({ title: 'after running', deps: [running.id] })
  let plan = await tracker.plan()
  assert.equal(waveIds(plan), [[past.id, running.id], [afterRunning.id]])
  assert.equal(
    plan.held.map((h) => h.id),
    [later.id, afterLater.id],
  )
  assert.match(plan.held[0]!.reason, /^deferred until 2026-06-01/)
  // Wave 1 is what ready lists, plus what is already in progress.
  assert.equal(
    (await tracker.ready()).map((i) => i.id),
    [past.id],
  )
  clock.now = new Date('2026-07-01T00:00:00Z')
  plan = await tracker.plan()
  assert.equal(waveIds(plan), [
    [later.id, past.id, running.id],
    [afterLater.id, afterRunning.id],
  ])
  assert.equal(plan.held, [])
})

test('a defer date on an ancestor holds the whole subtree, named by the ancestor that set it; a closed ancestor counts too', async () => {
  const { tracker, clock } = await memoryTracker()
  const epic = await tracker.create({ title: 'epic for the summer', issue_type: 'epic', defer_until: '2026-06-01' })
  const child = await tracker.create({ title: 'child', parent: epic.id })
  const grandchild = await tracker.create({ title: 'grandchild', parent: child.id })
  const shut = await tracker.create({ title: 'closed epic, dated', issue_type: 'epic', defer_until: '2026-09-01' })
  const underShut = await tracker.create({ title: 'under a closed epic', parent: shut.id })
  const undated = await tracker.create({ title: 'undated epic', issue_type: 'epic' })
  const free = await tracker.create({ title: 'free child', parent: undated.id })
  // Two closed levels up: the graph reads closed parents level by level, as the open work reaches them.
  const program = await tracker.create({ title: 'closed program, dated', issue_type: 'epic', defer_until: '2026-08-01' })
  const mid = await tracker.create({ title: 'closed epic, undated', issue_type: 'epic', parent: program.id })
  const deep = await tracker.create({ title: 'under two closed levels', parent: mid.id })
  await tracker.close([mid.id, program.id])
  await tracker.close([shut.id])
  const plan = await tracker.plan()
  assert.equal(waveIds(plan), [[undated.id, free.id]])
  assert.equal(
    plan.held.map((h) => [h.id, h.reason]),
    [
      [epic.id, 'deferred until 2026-06-01T00:00:00.000Z'],
      [child.id, `deferred until 2026-06-01T00:00:00.000Z (by ${epic.id})`],
      [grandchild.id, `deferred until 2026-06-01T00:00:00.000Z (by ${epic.id})`],
      [underShut.id, `deferred until 2026-09-01T00:00:00.000Z (by ${shut.id})`],
      [deep.id, `deferred until 2026-08-01T00:00:00.000Z (by ${program.id})`],
    ],
  )
  // Past both dates, everything is startable; explain agrees for the grandchild either way.
  clock.now = new Date('2026-10-01T00:00:00Z')
  assert.equal(waveIds(await tracker.plan()), [[epic.id, child.id, grandchild.id, underShut.id, undated.id, free.id, deep.id]])
  const [why] = await tracker.explain({ ids: [grandchild.id] })
  assert.is(why!.ready, true)
})

test('tracks take the heaviest chain first, ties in queue order, whatever the size of the estimates', async () => {
  const { tracker } = await memoryTracker()
  const order = async (minutes: number[], blockedBy: Array<number | undefined> = []) => {
    const beads: Array<{ id: string }> = []
    for (const [k, m] of minutes.entries()) {
      const blocker = blockedBy[k]
      beads.push(await tracker.create({ title: `m${m}`, estimated_minutes: m, deps: blocker === undefined ? [] : [beads[blocker]!.id] }))
    }
    const steps = (await tracker.plan({ workers: 1 })).tracks!.tracks[0]!.steps
    await tracker.delete(
      beads.map((b) => b.id),
      { force: true },
    )
    return steps.map((s) => beads.findIndex((b) => b.id === s.id))
  }
  assert.equal(await order([30, 90, 30, 60]), [1, 3, 0, 2])
  // A chain whose minutes add up past 2^31 (the largest estimate a 32-bit column holds, twice): b
  // waits on a, so a's chain is the heaviest; b and d then tie and go in queue order, c last.
  const big = 2 ** 31 - 1
  assert.equal(await order([5, big, big, big], [undefined, undefined, 1]), [1, 2, 3, 0])
})

test('limit lists the first N of each wave, of the held and of each track, in queue order; counts and minutes still cover everything', async () => {
  const { tracker } = await memoryTracker()
  const first = []
  for (let i = 0; i < 5; i++) first.push(await tracker.create({ title: `first ${i}`, estimated_minutes: 10 }))
  const second = []
  for (let i = 0; i < 3; i++) second.push(await tracker.create({ title: `second ${i}`, estimated_minutes: 10, deps: [first[0]!.id] }))
  const held = []
  for (let i = 0; i < 3; i++) held.push(await tracker.create({ title: `held ${i}`, defer_until: '2099-01-01' }))
  const all = await tracker.plan({ workers: 1 })
  const plan = await tracker.plan({ workers: 1, limit: 2 })
  assert.is(plan.limit, 2)
  assert.equal(
    plan.waves.map((w) => [w.count, w.beads.map((b) => b.title)]),
    [
      [5, ['first 0', 'first 1']],
      [3, ['second 0', 'second 1']],
    ],
  )
  assert.equal(
    plan.waves.map((w) => w.beads),
    all.waves.map((w) => w.beads.slice(0, 2)),
  )
  assert.is(plan.held_count, 3)
  assert.equal(
    plan.held.map((h) => h.title),
    ['held 0', 'held 1'],
  )
  assert.equal(plan.critical_path, all.critical_path)
  assert.is(plan.tracks!.minutes, 80)
  assert.equal(plan.tracks!.tracks[0]!.count, 8)
  assert.equal(plan.tracks!.tracks[0]!.steps, all.tracks!.tracks[0]!.steps.slice(0, 2))
  assert.is(all.limit, 0)
  assert.is(all.waves[0]!.beads.length, 5)
})

test('statuses and types other tools write come through the work graph as written', async () => {
  const { tracker } = await memoryTracker()
  const review = await tracker.create({ title: 'in review elsewhere' })
  const spike = await tracker.create({ title: 'a spike', deps: [review.id] })
  const convoy = await tracker.create({ title: 'a convoy' })
  const afterConvoy = await tracker.create({ title: 'after the convoy', deps: [convoy.id] })
  // As an imported line would leave them: values no bd command writes.
  await tracker.db.updateTable('issues').set({ status: 'review' }).where('id', '=', review.id).execute()
  await tracker.db.updateTable('issues').set({ issue_type: 'spike' }).where('id', '=', spike.id).execute()
  await tracker.db.updateTable('issues').set({ issue_type: 'convoy' }).where('id', '=', convoy.id).execute()
  const plan = await tracker.plan()
  assert.equal(
    plan.held.map((h) => [h.id, h.title, h.status, h.reason]),
    [
      [review.id, 'in review elsewhere', 'review', 'status is review'],
      [afterConvoy.id, 'after the convoy', 'open', `waits on ${convoy.id}, which is not work for ready (convoy)`],
    ],
  )
  // A status no rule knows holds its own bead but blocks nothing (work-rules.ts BLOCKER_STATUSES);
  // a type no rule knows is work.
  assert.equal(waveIds(plan), [[spike.id]])
  const [e] = await tracker.explain({ ids: [convoy.id] })
  assert.equal(e!.reasons, [{ kind: 'not_work', issue_type: 'convoy' }])
})

test('bad --workers is refused, naming the value', async () => {
  const { tracker } = await memoryTracker()
  for (const bad of ['0', '-1', '2.5', 'four', '']) {
    try {
      await tracker.plan({ workers: bad })
      assert.unreachable(bad)
    } catch (e) {
      assert.is((e as { code?: string }).code, 'INVALID_VALUE')
      assert.ok((e as Error).message.includes(JSON.stringify(bad)), (e as Error).message)
    }
  }
})

test('explain names the open blocker chain, the holding ancestor, the future defer and the status', async () => {
  const { tracker } = await memoryTracker()
  const root = await tracker.create({ title: 'root' })
  const mid = await tracker.create({ title: 'mid', deps: [root.id] })
  const leaf = await tracker.create({ title: 'leaf', deps: [mid.id] })
  const gate = await tracker.create({ title: 'gate' })
  const epic = await tracker.create({ title: 'epic', issue_type: 'epic', deps: [gate.id] })
  const child = await tracker.create({ title: 'child', parent: epic.id })
  const later = await tracker.create({ title: 'later', defer_until: '2027-01-01' })
  const claimed = await tracker.create({ title: 'claimed' })
  await tracker.claim(claimed.id)
  const [l, c, d, cl, r] = await tracker.explain({ ids: [leaf.id, child.id, later.id, claimed.id, root.id] })
  assert.equal(l!.reasons, [{ kind: 'blocked_by', blocker: mid.id, status: 'open', chain: [mid.id, root.id] }])
  assert.equal(c!.reasons, [{ kind: 'ancestor', path: [epic.id], ancestor: epic.id, cause: 'blocked', status: 'open', blocker: gate.id }])
  assert.equal(d!.reasons, [{ kind: 'deferred', until: '2027-01-01T00:00:00.000Z', by: later.id }])
  assert.equal(cl!.reasons, [{ kind: 'status', status: 'in_progress', assignee: 'tester' }])
  assert.is(r!.ready, true)
  assert.equal(r!.reasons, [])
})

/** A small seeded generator: the same seed builds the same graph. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

for (const seed of [1, 7, 42, 2026]) {
  test(`explain agrees with ready on a random graph (seed ${seed})`, async () => {
    const { tracker, clock } = await memoryTracker()
    const rand = rng(seed)
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!
    const ids: string[] = []
    for (let i = 0; i < 60; i++) {
      const parent = ids.length && rand() < 0.4 ? pick(ids) : undefined
      const defer = rand() < 0.1 ? (rand() < 0.5 ? '2025-01-01' : '2027-01-01') : undefined
      const type = rand() < 0.1 ? 'epic' : 'task'
      const issue = await tracker.create({ title: `b${i}`, parent, defer_until: defer, issue_type: type, priority: Math.floor(rand() * 4) })
      ids.push(issue.id)
    }
    for (let i = 0; i < 80; i++) {
      try {
        await tracker.addDependency(pick(ids), pick(ids), 'blocks')
      } catch {
        // cycles and ancestor edges are refused: the graph stays what the tracker allows
      }
    }
    for (let i = 0; i < 40; i++) {
      const id = pick(ids)
      const r = rand()
      try {
        if (r < 0.4) await tracker.close([id], { force: true })
        else if (r < 0.6) await tracker.update([id], { status: 'blocked' })
        else if (r < 0.75) await tracker.update([id], { status: 'deferred' })
        else if (r < 0.9) await tracker.claim(id)
        else await tracker.reopen([id])
      } catch {
        // a refused change (already claimed, not closed) leaves the graph as it was
      }
    }
    clock.now = new Date('2026-03-01T00:00:00Z')
    const ready = new Set((await tracker.ready({ limit: 0 })).map((i) => i.id))
    const explained = await tracker.explain({ filter: { all: true } })
    assert.is(explained.length, ids.length)
    const says = new Set(explained.filter((e) => e.ready).map((e) => e.id))
    assert.equal([...says].sort(), [...ready].sort())
    for (const e of explained) assert.is(e.ready, e.reasons.length === 0, e.id)
    // And plan's first wave holds exactly the ready beads plus those in progress.
    const plan = await tracker.plan()
    const inProgress = new Set(explained.filter((e) => e.status === 'in_progress').map((e) => e.id))
    const wave1 = new Set(plan.waves[0]?.beads.map((b) => b.id) ?? [])
    assert.equal([...wave1].filter((id) => !inProgress.has(id)).sort(), [...ready].sort())
    assert.ok(ready.size > 0 && ready.size < ids.length, `a graph worth checking: ${ready.size} ready of ${ids.length}`)
  })
}

test.run()
