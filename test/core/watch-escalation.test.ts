import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isDomainError } from '../../packages/core/src/errors.js'
import { attemptBranch, deferNote, parseRung, planEscalation, resetNote, rungs } from '../../packages/core/src/workers/rules/escalation-plan.js'

test('rungs answer to their number and name, case-insensitively; anything else is refused by name', () => {
  assert.equal(
    rungs.map((r) => [r.level, r.name]),
    [
      [1, 'guidance'],
      [2, 'unblock'],
      [3, 'reset'],
      [4, 'defer'],
    ],
  )
  for (const [alias, level] of [
    ['1', 1],
    ['guidance', 1],
    ['2', 2],
    ['Unblock', 2],
    ['3', 3],
    ['reset', 3],
    ['4', 4],
    ['DEFER', 4],
  ] as const) {
    assert.is(parseRung(alias).level, level)
  }
  try {
    parseRung('5')
    assert.unreachable()
  } catch (e) {
    assert.ok(isDomainError(e))
    assert.match(e.message, /unknown escalation level: 5/)
    assert.match(e.hint!, /1\|guidance\|2\|unblock\|3\|reset\|4\|defer/)
  }
})

test('attempt branch: the first <bead>-attempt-<n> not taken', () => {
  assert.is(attemptBranch('bd-a1', []), 'bd-a1-attempt-1')
  assert.is(attemptBranch('bd-a1', ['main', 'bd-a1', 'bd-a1-attempt-1', 'bd-a1-attempt-2']), 'bd-a1-attempt-3')
  assert.is(attemptBranch('bd-a1', ['bd-a1-attempt-2', 'bd-a10-attempt-1']), 'bd-a1-attempt-1')
})

test('bead notes', () => {
  assert.is(resetNote('tests never ran'), 'Resetting: tests never ran')
  assert.is(deferNote('staging credentials'), 'Waiting for: staging credentials')
})

test('each rung plans exactly its effects; the level only rises', () => {
  const base = { worker: 'toast', bead: 'bd-a1', escalationLevel: 2 }
  const guidance = planEscalation({ ...base, rung: 'guidance', message: 'run the e2e suite too' })
  assert.equal(
    { send: guidance.send, switchIn: guidance.switchIn, kill: guidance.kill, note: guidance.note, level: guidance.level },
    { send: 'run the e2e suite too', switchIn: false, kill: false, note: null, level: 2 },
  )
  const unblock = planEscalation({ ...base, rung: '2', message: 'use the staging DB' })
  assert.equal([unblock.send, unblock.switchIn, unblock.kill], ['use the staging DB', true, false])
  const reset = planEscalation({ ...base, rung: 'reset', message: 'went down the wrong path', branches: ['bd-a1', 'bd-a1-attempt-1'] })
  assert.equal(
    {
      kill: reset.kill,
      note: reset.note,
      keep: reset.keepBranchAs,
      respawn: reset.respawn,
      release: reset.releaseClaim,
      status: reset.beadStatus,
      level: reset.level,
    },
    { kill: true, note: 'Resetting: went down the wrong path', keep: 'bd-a1-attempt-2', respawn: true, release: false, status: null, level: 3 },
  )
  const defer = planEscalation({ ...base, escalationLevel: 0, rung: '4', message: 'API keys from ops' })
  assert.equal(
    { kill: defer.kill, note: defer.note, status: defer.beadStatus, release: defer.releaseClaim, respawn: defer.respawn, level: defer.level },
    { kill: true, note: 'Waiting for: API keys from ops', status: 'blocked', release: true, respawn: false, level: 4 },
  )
  assert.equal(defer.event, { kind: 'escalated', worker: 'toast', bead: 'bd-a1', rung: 'defer', level: 4, message: 'API keys from ops' })
  assert.is(planEscalation({ ...base, escalationLevel: 4, rung: '1', message: 'x' }).level, 4)
})

test('guidance and defer need a message; reset and unblock do not', () => {
  const base = { worker: 'toast', bead: 'bd-a1', escalationLevel: 0 }
  assert.throws(() => planEscalation({ ...base, rung: '1' }), /guidance needs a message/)
  assert.throws(() => planEscalation({ ...base, rung: 'defer', message: '  ' }), /defer needs a message: what the bead is waiting for/)
  assert.is(planEscalation({ ...base, rung: 'reset' }).note, 'Resetting: reset by the hub')
  assert.is(planEscalation({ ...base, rung: 'unblock' }).send, null)
})

test.run()
