import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { notifyPlan } from '../../packages/core/src/workers/rules/notify.js'
import { planNudges, type NudgeRecord } from '../../packages/core/src/workers/rules/nudge.js'
import type { WorkerState } from '../../packages/core/src/workers/rules/states.js'
import { formatAlertLine, trackTransitions } from '../../packages/core/src/workers/rules/transitions.js'

const t0 = new Date('2026-11-22T05:00:00Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

test('one alert per transition into an alerting state, never again while it holds', () => {
  const timeline: WorkerState[] = [
    'starting',
    'working',
    'working',
    'waiting',
    'waiting',
    'waiting',
    'working',
    'idle',
    'idle',
    'stuck',
    'stuck',
    'idle',
    'done',
    'done',
    'dead',
    'dead',
  ]
  let states = new Map<string, WorkerState>()
  const lines: string[] = []
  timeline.forEach((state, i) => {
    const result = trackTransitions(states, [{ name: 'toast', state, message: state === 'waiting' ? 'Do you want to proceed?' : null }], at(i * 5))
    states = result.states
    lines.push(...result.alerts.map(formatAlertLine))
  })
  assert.equal(lines, [
    '2026-11-22T05:00:15Z toast working -> waiting Do you want to proceed?',
    '2026-11-22T05:00:35Z toast working -> idle',
    '2026-11-22T05:00:45Z toast idle -> stuck',
    '2026-11-22T05:00:55Z toast stuck -> idle',
    '2026-11-22T05:01:00Z toast idle -> done',
    '2026-11-22T05:01:10Z toast done -> dead',
  ])
})

test('first sight alerts once for a worker already needing attention; a vanished worker is forgotten', () => {
  const first = trackTransitions(
    new Map(),
    [
      { name: 'toast', state: 'working' },
      { name: 'shadow', state: 'waiting', message: 'need DB creds\n(staging)' },
    ],
    t0,
  )
  assert.equal(first.alerts.map(formatAlertLine), ['2026-11-22T05:00:00Z shadow - -> waiting need DB creds (staging)'])
  const second = trackTransitions(first.states, [{ name: 'toast', state: 'working' }], at(5))
  assert.equal(second.alerts, [])
  assert.equal([...second.states.keys()], ['toast'])
  // Seen again later in the same state: it was forgotten, so it alerts once more.
  assert.is(trackTransitions(second.states, [{ name: 'shadow', state: 'waiting' }], at(10)).alerts.length, 1)
})

test('auto-nudge: idle or interrupted workers, after nudge_after, at most once per cooldown', () => {
  const config = { nudgeCooldown: 600, nudgeAfter: 300 }
  let records = new Map<string, NudgeRecord>()
  const candidates = (seconds: number) => [
    { name: 'toast', state: 'idle' as const, interrupted: false, idle_seconds: 300 + seconds, lastNudge: records.get('toast') ?? null },
    { name: 'shadow', state: 'idle' as const, interrupted: true, idle_seconds: 400 + seconds, lastNudge: records.get('shadow') ?? null },
    { name: 'quartz', state: 'waiting' as const, interrupted: false, idle_seconds: 5000, lastNudge: null },
    { name: 'jasper', state: 'working' as const, interrupted: false, idle_seconds: 0, lastNudge: null },
    { name: 'onyx', state: 'idle' as const, interrupted: false, idle_seconds: 120, lastNudge: null },
  ]
  const sent: string[] = []
  for (let s = 0; s <= 1300; s += 5) {
    const plan = planNudges(candidates(s), at(s), config)
    records = plan.records
    sent.push(...plan.nudges.map((n) => `${s} ${n.name} ${n.reason}`))
  }
  assert.equal(sent, ['0 toast idle', '0 shadow interrupted', '600 toast idle', '600 shadow interrupted', '1200 toast idle', '1200 shadow interrupted'])
  assert.equal(records.get('toast'), { at: at(1200), count: 3 })
  const plan = planNudges([{ ...candidates(0)[0], lastNudge: null }], at(0), config)
  assert.not.match(plan.nudges[0].text, /^\//)
})

test('notifications: bell by default, desktop when configured and available, user text stays argv', () => {
  const alert = { at: t0, name: 'toast', from: 'working' as const, to: 'waiting' as const, message: 'say "hi" \\ $(rm -rf ~)' }
  assert.equal(notifyPlan(alert, 'bell', { notifySend: true }), { bell: true, desktop: null })
  assert.equal(notifyPlan(alert, 'none', { notifySend: true }), { bell: false, desktop: null })
  assert.equal(notifyPlan(alert, 'desktop', {}), { bell: true, desktop: null })
  assert.equal(notifyPlan(alert, 'desktop', { notifySend: true }).desktop, {
    command: 'notify-send',
    args: ['--app-name=wt', '--', 'wt: toast waiting', 'say "hi" \\ $(rm -rf ~)'],
  })
  const mac = notifyPlan(alert, 'desktop', { osascript: true }).desktop!
  assert.is(mac.args[1], 'display notification "say \\"hi\\" \\\\ $(rm -rf ~)" with title "wt: toast waiting"')
})

test.run()
