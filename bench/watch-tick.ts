// Cost of one watch tick with N workers on a real tmux (private socket): tmux calls and milliseconds.
// Run: env -u NODE_EXTRA_CA_CERTS node --import tsx bench/watch-tick.ts [workers=10] [ticks=20]
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { listPanesFormat, parsePanes } from '../packages/core/src/tmux/panes.js'
import { emptyWatchMemory, watchTick, type WatchedWorker, type WatchPorts } from '../packages/core/src/watch/tick.js'

const run = promisify(execFile)
const n = Number(process.argv[2] ?? 10)
const ticks = Number(process.argv[3] ?? 20)
const socket = `wt-bench-${process.pid}`
const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' })
const agent = fileURLToPath(new URL('../test/_support/fake-watch-agent.mjs', import.meta.url))
const modes = ['working', 'waiting', 'idle', 'interrupted']

let calls = 0
const ports: WatchPorts = {
  async listPanes() {
    calls++
    return parsePanes((await tmux('list-panes', '-a', '-F', listPanesFormat)).stdout)
  },
  async capture(name) {
    calls++
    return (await tmux('capture-pane', '-p', '-J', '-t', `=${name}:`)).stdout
  },
}

try {
  const workers: WatchedWorker[] = []
  for (let i = 0; i < n; i++) {
    const name = `w${i}`
    await tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', '--', process.execPath, agent, modes[i % modes.length])
    workers.push({ name, preset: 'claude', createdAt: new Date(Date.now() - 3600_000) })
  }
  await new Promise((r) => setTimeout(r, 1500))
  let memory = emptyWatchMemory()
  const times: number[] = []
  const perTick: number[] = []
  for (let t = 0; t < ticks; t++) {
    calls = 0
    const start = process.hrtime.bigint()
    const result = await watchTick(workers, ports, memory, { now: new Date() })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
    perTick.push(calls)
    memory = result.memory
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]
  console.log(`${n} workers, ${ticks} ticks: ${perTick[0]} tmux calls per tick (1 list-panes + ${perTick[0] - 1} captures); median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`)
} finally {
  await tmux('kill-server').catch(() => undefined)
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid!()}`, socket), { force: true })
}
