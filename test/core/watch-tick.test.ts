import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { parsePanes } from '../../packages/core/src/adapters/tmux/panes.js'
import type { DiskProgress, PaneInfo } from '../../packages/core/src/workers/rules/states.js'
import { emptyWatchMemory, watchTick, type WatchedWorker, type WatchMemory, type WatchPorts } from '../../packages/core/src/workers/watch-tick.js'
import { formatAlertLine } from '../../packages/core/src/workers/rules/transitions.js'

const screens = fileURLToPath(new URL('../fixtures/screens/', import.meta.url))
const screen = (name: string) => readFileSync(screens + name, 'utf8')

const t0 = new Date('2026-11-22T05:00:00Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

/** Fake ports that count their calls; `world` is what tmux and the disk would say. */
function fakePorts(world: { panes: PaneInfo[]; screens: Record<string, string>; disk?: Record<string, DiskProgress> }) {
  const calls = { listPanes: 0, capture: [] as string[], disk: 0 }
  const ports: WatchPorts = {
    async listPanes() {
      calls.listPanes++
      return world.panes
    },
    async capture(name) {
      calls.capture.push(name)
      if (!(name in world.screens)) throw new Error(`can't find session: ${name}`)
      return world.screens[name]
    },
    async probeDisk(worker) {
      calls.disk++
      return world.disk?.[worker.name] ?? { commitsAhead: 0, filesChanged: 0, newestWriteAt: null, lastCommitAt: null, truncated: false }
    },
  }
  return { ports, calls }
}

const pane = (session: string, activitySeconds: number, extra: Partial<PaneInfo> = {}): PaneInfo => ({
  session,
  panePid: 100,
  dead: false,
  deadStatus: null,
  currentCommand: 'claude',
  activityAt: at(activitySeconds),
  ...extra,
})

const worker = (name: string, extra: Partial<WatchedWorker> = {}): WatchedWorker => ({
  name,
  project: 'web',
  bead: `bd-${name}`,
  preset: 'claude',
  createdAt: at(-3600),
  worktree: `/wt/${name}`,
  baseCommit: 'abc123',
  ...extra,
})

test('one tick: exactly 1 listPanes call and 1 capture per live worker', async () => {
  const workers = [worker('toast'), worker('shadow'), worker('quartz'), worker('jasper'), worker('onyx')]
  const { ports, calls } = fakePorts({
    panes: [
      pane('toast', -1),
      pane('shadow', -60),
      pane('quartz', -600, { dead: true, deadStatus: 0 }),
      pane('unrelated', -5, { currentCommand: 'vim' }),
      // jasper's session is gone; onyx's agent exited to a shell (still a live pane: captured).
      pane('onyx', -30, { currentCommand: 'bash' }),
    ],
    screens: { toast: screen('claude/working-1.txt'), shadow: screen('claude/waiting-1.txt'), onyx: 'dev@box:~$ ' },
  })
  const result = await watchTick(workers, ports, emptyWatchMemory(), { now: t0 })
  assert.is(calls.listPanes, 1)
  assert.equal(calls.capture.sort(), ['onyx', 'shadow', 'toast'])
  assert.equal(Object.fromEntries(result.rows.map((r) => [r.name, r.state])), {
    toast: 'working',
    shadow: 'waiting',
    quartz: 'exited',
    jasper: 'dead',
    onyx: 'exited',
  })
  assert.equal(result.alerts.map((a) => `${a.name} ${a.to}`).sort(), ['jasper dead', 'onyx exited', 'quartz exited', 'shadow waiting'])
  // Ten workers cost the same one listPanes call.
  const ten = Array.from({ length: 10 }, (_, i) => worker(`w${i}`))
  const many = fakePorts({ panes: ten.map((w) => pane(w.name, -1)), screens: Object.fromEntries(ten.map((w) => [w.name, screen('claude/working-3.txt')])) })
  await watchTick(ten, many.ports, emptyWatchMemory(), { now: t0 })
  assert.is(many.calls.listPanes, 1)
  assert.is(many.calls.capture.length, 10)
})

test('across ticks: first sight uses tmux activity; the idle prompt counts after the debounce; alerts once', async () => {
  const world = { panes: [pane('toast', -2)], screens: { toast: screen('claude/working-1.txt') } }
  const { ports } = fakePorts(world)
  let memory: WatchMemory = emptyWatchMemory()
  const lines: string[] = []
  const tick = async (seconds: number) => {
    const r = await watchTick([worker('toast')], ports, memory, { now: at(seconds) })
    memory = r.memory
    lines.push(...r.alerts.map(formatAlertLine))
    return r.rows[0]
  }
  assert.is((await tick(0)).state, 'working')
  // The turn ends at t=3: the idle prompt appears.
  world.screens.toast = screen('claude/idle-1.txt')
  world.panes = [pane('toast', 3)]
  assert.is((await tick(5)).state, 'working') // settling: unchanged for 2 s only
  assert.is((await tick(10)).state, 'working') // 7 s
  assert.is((await tick(15)).state, 'idle') // 12 s ≥ 10 s debounce
  assert.is((await tick(20)).state, 'idle')
  assert.equal(lines, ['2026-11-22T05:00:15Z toast working -> idle'])

  // A watcher started while the worker already sat idle for minutes sees idle at once (first sight).
  const fresh = await watchTick([worker('toast')], ports, emptyWatchMemory(), { now: at(400) })
  assert.is(fresh.rows[0].state, 'idle')
  assert.is(fresh.rows[0].idle_seconds, 397)
  assert.is(fresh.rows[0].action, 'check')
})

test('disk is probed at most every watch.disk_interval; a writing worker never turns stuck', async () => {
  let newest = at(-10)
  const world = {
    panes: [pane('toast', -3000)],
    screens: { toast: screen('claude/idle-1.txt') },
    disk: {} as Record<string, DiskProgress>,
  }
  const { ports, calls } = fakePorts(world)
  let memory = emptyWatchMemory()
  for (let s = 0; s <= 3600; s += 5) {
    newest = at(s - 10) // the agent's build keeps writing files
    world.disk.toast = { commitsAhead: 1, filesChanged: 4, newestWriteAt: newest, lastCommitAt: at(-3000), truncated: false }
    const r = await watchTick([worker('toast')], ports, memory, { now: at(s) })
    memory = r.memory
    assert.is.not(r.rows[0].state, 'stuck', `stuck at ${s}s`)
    assert.is(r.rows[0].commits_ahead, 1)
  }
  assert.is(calls.disk, 121) // 3600 s / 30 s + 1
})

test('parsePanes reads the one list-panes format, first pane per session', () => {
  const out = 'toast\t4242\t0\t\tclaude\t1795323578\ntoast\t4243\t0\t\tbash\t1795323578\nquartz\t4300\t1\t3\tbash\t1795323579\n'
  assert.equal(parsePanes(out), [
    { session: 'toast', panePid: 4242, dead: false, deadStatus: null, currentCommand: 'claude', activityAt: new Date(1795323578_000) },
    { session: 'quartz', panePid: 4300, dead: true, deadStatus: 3, currentCommand: 'bash', activityAt: new Date(1795323579_000) },
  ])
})

test.run()
