import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DomainError } from '../../packages/core/src/errors.js'
import { memoryTracker } from '../_support/tracker.js'

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p
  } catch (e) {
    assert.instance(e, DomainError)
    assert.is((e as DomainError).code, code, (e as Error).message)
    return
  }
  assert.unreachable(`expected ${code}`)
}

const MINUTE = 60_000

test('a claim with a lease shows its end; another actor is refused until it lapses, then ready hands the bead out again', async () => {
  const t = await memoryTracker({ actor: 'ann' })
  const a = await t.tracker.create({ title: 'leased work' })
  const [claimed] = await t.tracker.update([a.id], { claim: true, lease: '30m' })
  assert.is(claimed!.assignee, 'ann')
  assert.is(claimed!.status, 'in_progress')
  assert.is(claimed!.lease_until, new Date(Date.parse(claimed!.updated_at) + 30 * MINUTE).toISOString())
  assert.is((await t.tracker.list())[0]!.lease_until, claimed!.lease_until)

  t.as('bob')
  await rejects(t.tracker.update([a.id], { claim: true }), 'ALREADY_CLAIMED')
  assert.equal(await t.tracker.ready(), [])

  t.clock.advance(31 * MINUTE)
  assert.equal(
    (await t.tracker.ready()).map((i) => i.id),
    [a.id],
  )
  const [shown] = await t.tracker.show([a.id])
  assert.is(shown!.status, 'open')
  assert.not.ok('assignee' in shown!)
  assert.not.ok('lease_until' in shown!)
  const events = (await t.tracker.events(a.id)).map((e) => e.event_type)
  assert.ok(events.includes('lease_expired'), events.join(' '))
  const next = await t.tracker.claimReady({ lease: '10m' })
  assert.is(next?.id, a.id)
  assert.is(next?.assignee, 'bob')
})

test('claiming again renews the lease (an event records it); closing ends it', async () => {
  const t = await memoryTracker({ actor: 'ann' })
  const a = await t.tracker.create({ title: 'renewed' })
  const [first] = await t.tracker.update([a.id], { claim: true, lease: '10m' })
  t.clock.advance(8 * MINUTE)
  const [renewed] = await t.tracker.update([a.id], { claim: true, lease: '10m' })
  assert.ok(renewed!.lease_until! > first!.lease_until!, 'the lease moved on')
  t.clock.advance(8 * MINUTE) // 16 min after the first claim: past the first lease, inside the renewed one
  assert.is((await t.tracker.show([a.id]))[0]!.status, 'in_progress')
  assert.ok((await t.tracker.events(a.id)).some((e) => e.event_type === 'lease_renewed'))
  const [closed] = await t.tracker.close([a.id])
  assert.not.ok('lease_until' in closed!)
  t.clock.advance(60 * MINUTE)
  assert.is((await t.tracker.show([a.id]))[0]!.status, 'closed')
})

test('bad leases are refused and change nothing', async () => {
  const t = await memoryTracker()
  const a = await t.tracker.create({ title: 'x' })
  await rejects(t.tracker.update([a.id], { claim: true, lease: 'soon' }), 'INVALID_VALUE')
  await rejects(t.tracker.update([a.id], { claim: true, lease: '0m' }), 'INVALID_VALUE')
  await rejects(t.tracker.update([a.id], { lease: '5m' }), 'USAGE')
  await rejects(t.tracker.claimReady({ lease: '-1h' }), 'INVALID_VALUE')
  const [shown] = await t.tracker.show([a.id])
  assert.is(shown!.status, 'open')
  assert.not.ok('assignee' in shown!)
})

test('concurrent claimReady calls on one workspace hand out each bead once', async () => {
  const t = await memoryTracker()
  for (let i = 0; i < 6; i++) await t.tracker.create({ title: `bead ${i}` })
  const got = await Promise.all(Array.from({ length: 10 }, () => t.tracker.claimReady()))
  const ids = got.filter(Boolean).map((i) => i!.id)
  assert.is(ids.length, 6)
  assert.is(new Set(ids).size, 6)
})

test('ready --claim skips a ready bead assigned to someone else instead of failing on it', async () => {
  const t = await memoryTracker({ actor: 'ann' })
  await t.tracker.create({ title: 'first, but assigned to bob', priority: 0, assignee: 'bob' })
  const free = await t.tracker.create({ title: 'second, free', priority: 1 })
  assert.is((await t.tracker.claimReady())?.id, free.id)
  assert.is(await t.tracker.claimReady(), undefined)
})

test.run()
