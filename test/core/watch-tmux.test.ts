import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { listPanesFormat, parsePanes } from '../../packages/core/src/adapters/tmux/panes.js'
import { emptyWatchMemory, watchTick, type WatchedWorker, type WatchPorts } from '../../packages/core/src/workers/watch-tick.js'

// A real tmux server on a private socket runs the fake agent in several sessions; one watch tick over
// tiny execFile ports must classify each, with 1 list-panes call + 1 capture per live session.
const run = promisify(execFile)
const socket = `wt-watch-${process.pid}-${Date.now().toString(36)}`
const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' })
const agent = fileURLToPath(new URL('../_support/fake-watch-agent.mjs', import.meta.url))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const calls: string[] = []
const ports: WatchPorts = {
  async listPanes() {
    calls.push('list-panes')
    return parsePanes((await tmux('list-panes', '-a', '-F', listPanesFormat)).stdout)
  },
  async capture(name) {
    calls.push(`capture ${name}`)
    return (await tmux('capture-pane', '-p', '-J', '-t', `=${name}:`)).stdout
  },
}

const modes = ['working', 'waiting', 'idle', 'interrupted', 'exit'] as const

test.before(async () => {
  // The first session starts the server; then every later pane outlives its process (remain-on-exit).
  for (const [i, mode] of modes.entries()) {
    await tmux('new-session', '-d', '-s', mode, '-x', '100', '-y', '20', '--', process.execPath, agent, mode)
    if (i === 0) await tmux('set-option', '-g', 'remain-on-exit', 'on')
  }
  // Wait until every live agent has drawn (a loaded machine starts node slowly), then let the idle
  // screens age past the 1 s debounce used below (tmux activity has 1 s steps).
  for (let tries = 0; tries < 100; tries++) {
    const drawn = await Promise.all(modes.filter((m) => m !== 'exit').map(async (m) => (await tmux('capture-pane', '-p', '-t', `=${m}:`)).stdout.trim() !== ''))
    if (drawn.every(Boolean)) break
    await sleep(100)
  }
  await sleep(1300)
})

test.after(async () => {
  await tmux('kill-server').catch(() => undefined)
  // tmux 3.3 can leave the socket file behind; it is ours, remove it.
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid!()}`, socket), { force: true })
})

test('one tick classifies working, waiting, idle, interrupted, exited and dead agents on a real tmux', async () => {
  const workers: WatchedWorker[] = [...modes, 'vanished'].map((name) => ({
    name,
    preset: 'claude',
    createdAt: new Date(Date.now() - 3600_000),
  }))
  const result = await watchTick(workers, ports, emptyWatchMemory(), { now: new Date(), config: { debounce: 1 } })
  const states = Object.fromEntries(result.rows.map((r) => [r.name, r.interrupted ? `${r.state}+interrupted` : r.state]))
  assert.equal(states, {
    working: 'working',
    waiting: 'waiting',
    idle: 'idle',
    interrupted: 'idle+interrupted',
    exit: 'exited',
    vanished: 'dead',
  })
  // One list-panes for all, one capture per live pane (not the dead pane, not the vanished session).
  assert.equal(calls.filter((c) => c === 'list-panes').length, 1)
  assert.equal(calls.filter((c) => c.startsWith('capture')).sort(), ['capture idle', 'capture interrupted', 'capture waiting', 'capture working'])
  const waiting = result.rows.find((r) => r.name === 'waiting')!
  assert.is(waiting.evidence.source, 'screen')
  assert.match(waiting.evidence.detail, /permission question|Yes option/)
})

test.run()
