import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ago, input } from '../_support/classify-input.js'
import { classify } from '../../packages/core/src/workers/rules/classifier.js'
import { watchConfigFrom } from '../../packages/core/src/workers/rules/settings.js'
import { ladderStep, suggestAction } from '../../packages/core/src/workers/rules/ladder.js'

const screens = fileURLToPath(new URL('../fixtures/screens/', import.meta.url))
const screen = (name: string) => readFileSync(screens + name, 'utf8')
const IDLE = screen('claude/idle-1.txt')
const WORKING = screen('claude/working-1.txt')
const WAITING = screen('claude/waiting-1.txt')

test('tmux facts come first: no session is dead, a dead pane or a bare shell is exited', () => {
  const gone = classify({ ...input(WORKING, 1), pane: null, hook: { kind: 'prompt_submitted', at: ago(1) } })
  assert.is(gone.state, 'dead')
  assert.is(gone.evidence.source, 'tmux')
  const dead = classify({ ...input(WORKING, 1), pane: { ...input(WORKING, 1).pane!, dead: true, deadStatus: 1 } })
  assert.is(dead.state, 'exited')
  assert.match(dead.evidence.detail, /status 1/)
  const shell = classify({ ...input(IDLE, 100), pane: { ...input(IDLE, 100).pane!, currentCommand: 'bash' } })
  assert.is(shell.state, 'exited')
  assert.match(shell.evidence.detail, /runs bash/)
  // …but for the shell preset a shell is the agent itself.
  assert.is.not(classify({ ...input('dev@box:~$ ', 100), preset: 'shell', pane: { ...input(IDLE, 100).pane!, currentCommand: 'bash' } }).state, 'exited')
})

test('screen: working and waiting patterns decide at once; the idle prompt only after the debounce', () => {
  assert.is(classify(input(WORKING, 0)).state, 'working')
  assert.is(classify(input(WAITING, 0)).state, 'waiting')
  const settling = classify(input(IDLE, 4))
  assert.is(settling.state, 'working')
  assert.match(settling.evidence.detail, /settling/)
  assert.is(classify(input(IDLE, 12)).state, 'idle')
  assert.is(classify(input(IDLE, 4, { config: { debounce: 2 } })).state, 'idle')
})

test('an interrupted screen is idle, flagged interrupted', () => {
  const result = classify(input(screen('claude/interrupted-1.txt'), 30))
  assert.is(result.state, 'idle')
  assert.is(result.interrupted, true)
})

test('hooks decide while the screen has not moved since them', () => {
  // Prompt submitted 2 s ago; the screen still shows the idle prompt from before.
  const submitted = classify(input(IDLE, 30, { hook: { kind: 'prompt_submitted', at: ago(2) } }))
  assert.is(submitted.state, 'working')
  assert.is(submitted.evidence.source, 'hook')
  const permission = classify(input(IDLE, 30, { hook: { kind: 'permission', at: ago(1), message: 'Claude needs your permission to use Bash' } }))
  assert.is(permission.state, 'waiting')
  assert.is(permission.message, 'Claude needs your permission to use Bash')
  assert.is(classify(input(WORKING, 1, { hook: { kind: 'turn_stopped', at: ago(1) } })).state, 'idle')
})

test('a stale hook does not win over a newer, contradicting screen', () => {
  // "prompt submitted" 10 min ago, then the screen changed (5 min ago) and has settled on the idle prompt.
  const stale = classify(input(IDLE, 300, { hook: { kind: 'prompt_submitted', at: ago(600) } }))
  assert.is(stale.state, 'idle')
  assert.is(stale.evidence.source, 'screen')
  // "turn stopped", then the screen moved on to a permission dialog (a queued prompt started a turn).
  assert.is(classify(input(WAITING, 20, { hook: { kind: 'turn_stopped', at: ago(60) } })).state, 'waiting')
  // A redraw within the report grace belongs to the hook: the hook still decides.
  assert.is(classify(input(WORKING, 59, { hook: { kind: 'turn_stopped', at: ago(60) } })).state, 'idle')
  // A screen that changed but says nothing does not override the hook.
  assert.is(classify(input('compiling…\n', 5, { hook: { kind: 'permission', at: ago(60) } })).state, 'waiting')
})

test('an explicit signal outlives the hooks that follow it, not new work', () => {
  const doneThenStop = input(IDLE, 40, {
    signal: { kind: 'done', at: ago(90), message: 'merged-ready: tests pass' },
    hook: { kind: 'turn_stopped', at: ago(80) },
  })
  const done = classify(doneThenStop)
  assert.is(done.state, 'done')
  assert.is(done.evidence.source, 'signal')
  assert.is(done.message, 'merged-ready: tests pass')
  const blocked = classify(
    input(IDLE, 40, { signal: { kind: 'blocked', at: ago(90), message: 'need staging creds' }, hook: { kind: 'notification', at: ago(30) } }),
  )
  assert.is(blocked.state, 'waiting')
  assert.is(blocked.message, 'need staging creds')
  // New work after the signal: a submitted prompt, or the screen working since.
  assert.is(classify({ ...doneThenStop, hook: { kind: 'prompt_submitted', at: ago(20) } }).state, 'working')
  assert.is(classify(input(WORKING, 0, { signal: { kind: 'done', at: ago(90) } })).state, 'working')
  // A `working` signal is just a report: the turn stopping after it wins.
  assert.is(classify(input(IDLE, 40, { signal: { kind: 'working', at: ago(90) }, hook: { kind: 'turn_stopped', at: ago(60) } })).state, 'idle')
})

test("Claude's 'waiting for your input' notification means idle, not a question", () => {
  const r = classify(input(IDLE, 120, { hook: { kind: 'notification', at: ago(60), message: 'Claude is waiting for your input' } }))
  assert.is(r.state, 'idle')
})

test('starting: young worker with nothing decisive, or a fresh session-start hook', () => {
  const young = { ...input('', 0), createdAt: ago(5), screen: { text: '', changedAt: ago(5) } }
  assert.is(classify(young).state, 'starting')
  assert.is(classify({ ...young, hook: { kind: 'session_start', at: ago(3) } }).state, 'starting')
  assert.is(classify({ ...input(IDLE, 3), createdAt: ago(8) }).state, 'starting')
  // An old session-start with a settled idle screen is just idle.
  assert.is(classify(input(IDLE, 200, { hook: { kind: 'session_start', at: ago(300) } })).state, 'idle')
})

test('no screen reading: recent pane output is working, a quiet pane idle', () => {
  assert.is(classify(input('⠋ compiling 41/120\n', 2)).state, 'working')
  assert.is(classify(input('⠋ compiling 41/120\n', 200)).state, 'idle')
})

test('stuck: no activity and no disk progress for idle.stuck', () => {
  const quiet = classify(input(IDLE, 1900))
  assert.is(quiet.state, 'stuck')
  assert.is(quiet.idle_seconds, 1900)
  assert.is(quiet.action, 'escalate')
  // A frozen "working" screen is stuck too.
  assert.is(classify(input(WORKING, 2000)).state, 'stuck')
  // Waiting and done are never stuck: they need a person, not a reset.
  assert.is(classify(input(WAITING, 4000)).state, 'waiting')
  assert.is(classify(input(IDLE, 4000, { signal: { kind: 'done', at: ago(4000) } })).state, 'done')
})

test('a quiet worker that keeps writing files is never stuck; idle time counts from the newest write', () => {
  for (const lastWrite of [5, 120, 1700]) {
    const r = classify(input(IDLE, 7200, { disk: { commitsAhead: 0, filesChanged: 3, newestWriteAt: ago(lastWrite), lastCommitAt: null, truncated: false } }))
    assert.is.not(r.state, 'stuck')
    assert.is(r.idle_seconds, lastWrite)
  }
  const committed = classify(
    input(IDLE, 7200, { disk: { commitsAhead: 2, filesChanged: 0, newestWriteAt: ago(7200), lastCommitAt: ago(400), truncated: false } }),
  )
  assert.is(committed.state, 'idle')
  assert.is(committed.idle_seconds, 400)
  assert.is(committed.action, 'check')
})

test('idle ladder: <5 min none, 5–15 check, 15–30 investigate, 30+ escalate; thresholds follow config', () => {
  const config = watchConfigFrom(() => undefined)
  assert.equal(
    [0, 299, 300, 899, 900, 1799, 1800].map((s) => ladderStep(s, config)),
    ['none', 'none', 'check', 'check', 'investigate', 'investigate', 'escalate'],
  )
  const custom = watchConfigFrom((key) => ({ 'idle.threshold': '60', 'idle.stuck': 600 })[key])
  assert.equal(
    [59, 60, 180, 600].map((s) => ladderStep(s, custom)),
    ['none', 'check', 'investigate', 'escalate'],
  )
  assert.is(suggestAction('waiting', 10, config), 'answer')
  assert.is(suggestAction('done', 10, config), 'review')
  assert.throws(() => watchConfigFrom((key) => (key === 'idle.stuck' ? 'soon' : undefined)), /idle\.stuck.*soon/)
  assert.throws(() => watchConfigFrom((key) => (key === 'idle.stuck' ? 10 : undefined)), /must not be below idle\.threshold/)
})

test.run()
