// The pure rules of wt land: which workers the queue takes and in what order, and where an
// interrupted landing resumes.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type LandCandidate, landingQueue } from '../../packages/core/src/landing/queue.js'
import { mayCollide } from '../../packages/core/src/landing/overlap.js'
import { resumePoint } from '../../packages/core/src/landing/steps.js'

const c = (name: string, over: Partial<LandCandidate> = {}): LandCandidate => ({
  name,
  bead: `t-${name}`,
  priority: 2,
  created_at: '2026-01-01T00:00:00Z',
  state: 'working',
  signal: 'done',
  commits_ahead: 1,
  attempts: 0,
  escalated: false,
  ...over,
})

test('--all takes finished workers by bead priority, then age, then name; says why it skips the rest', () => {
  const { queue, skipped } = landingQueue(
    [
      c('late', { priority: 1, created_at: '2026-01-02T00:00:00Z' }),
      c('early', { priority: 1 }),
      c('urgent', { priority: 0, signal: null, state: 'idle' }),
      c('busy', { signal: null, state: 'working' }),
      c('empty', { commits_ahead: 0 }),
      c('stuck', { attempts: 3, escalated: true }),
      c('unknown', { priority: null }),
    ],
    { all: true },
  )
  assert.equal(
    queue.map((x) => x.name),
    ['urgent', 'early', 'late', 'unknown'],
  )
  assert.equal(
    skipped.map((s) => [s.name, s.reason.split(':')[0]]),
    [
      ['busy', 'still working'],
      ['empty', 'no commits beyond its base'],
      ['stuck', 'escalated after 3 failed landings'],
    ],
  )
})

test('named workers land whatever their state (an escalated one too), never one with nothing to land', () => {
  const { queue, skipped } = landingQueue(
    [c('busy', { signal: null }), c('stuck', { escalated: true, attempts: 3 }), c('empty', { commits_ahead: 0 }), c('other')],
    { names: ['busy', 'stuck', 'empty'] },
  )
  assert.equal(
    queue.map((x) => x.name),
    ['busy', 'stuck'],
  )
  assert.equal(
    skipped.map((s) => s.name),
    ['empty'],
  )
})

test('resume: from the record and what git shows, never past a step that did not happen', () => {
  const rec = { base_before: 'B0', old_tip: 'T0', new_tip: 'T1' }
  assert.equal(resumePoint({ ...rec, step: 'rebase', new_tip: null }, { branch_tip: 'T0', base_tip: 'B0' }), { from: 'rebase' })
  assert.equal(resumePoint({ ...rec, step: 'move' }, { branch_tip: 'T0', base_tip: 'B0' }), { from: 'move' })
  assert.equal(resumePoint({ ...rec, step: 'move' }, { branch_tip: 'T1', base_tip: 'B0' }), { from: 'gate' })
  assert.equal(resumePoint({ ...rec, step: 'move' }, { branch_tip: 'T9', base_tip: 'B0' }).from, 'rebase')
  assert.equal(resumePoint({ ...rec, step: 'gate' }, { branch_tip: 'T1', base_tip: 'B0' }), { from: 'gate' })
  assert.equal(resumePoint({ ...rec, step: 'gate' }, { branch_tip: 'T2', base_tip: 'B0' }).from, 'rebase')
  assert.equal(resumePoint({ ...rec, step: 'merge' }, { branch_tip: 'T1', base_tip: 'T1' }), { from: 'push' })
  assert.equal(resumePoint({ ...rec, step: 'merge' }, { branch_tip: 'T1', base_tip: 'B0' }), { from: 'merge' })
  assert.equal(resumePoint({ ...rec, step: 'merge' }, { branch_tip: 'T1', base_tip: 'B5' }).from, 'rebase')
  for (const step of ['push', 'close', 'end'] as const) assert.equal(resumePoint({ ...rec, step }, { branch_tip: undefined, base_tip: 'T1' }), { from: step })
})

test('mayCollide: a shared path, or a file where the other side has a folder of that name, at any depth', () => {
  assert.ok(mayCollide(['a.txt'], ['b.txt', 'a.txt']))
  assert.ok(mayCollide(['docs'], ['docs/readme.md']))
  assert.ok(mayCollide(['src/deep/x/y.ts'], ['src/deep']))
  assert.not.ok(mayCollide(['docs/a.md'], ['docs/b.md']), 'siblings in one folder merge by file')
  assert.not.ok(mayCollide(['doc'], ['docs/readme.md']), 'a prefix that is not a folder')
  assert.not.ok(mayCollide([], ['x']))
})

test.run()
