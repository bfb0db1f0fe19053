// Cost of one real `wt watch` tick (registry + reconcile + tick + state bookkeeping) with N live
// workers spawned by the pool on a private tmux server: tmux calls and milliseconds, for the first
// tick (every worktree probed: git + file walk) and the steady state (disk cached for watch.disk_interval).
// Run: env -u NODE_EXTRA_CA_CERTS node --import tsx bench/watch-step.ts [workers=10,20] [ticks=15] [--json]
// Part of `npm run bench`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initWorkspace, openTrackerAt } from '../packages/core/src/tracker/open.js'
import { ExecTmux } from '../packages/core/src/adapters/tmux/exec-tmux.js'
import type { Tmux } from '../packages/core/src/adapters/tmux/tmux.js'
import { WorkerPool } from '../packages/core/src/workers/pool.js'
import type { WatchMemory } from '../packages/core/src/workers/watch-tick.js'

const sizes = (process.argv[2] ?? '10,20').split(',').map(Number)
const ticks = Number(process.argv[3] ?? 15)
const asJson = process.argv.includes('--json')
const agent = fileURLToPath(new URL('../test/_support/fake-watch-agent.mjs', import.meta.url))
const modes = ['working', 'waiting', 'idle', 'interrupted', 'writing']
const GIT_ENV = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' }

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! }
}

async function measure(n: number) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-bench-step-')))
  const socket = `wt-bench-step-${process.pid}-${n}`
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, WT_TMUX_SOCKET: socket }
  delete env.TMUX
  const repo = join(dir, 'repo')
  const control = join(dir, 'control')
  execFileSync('mkdir', ['-p', control])
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  writeFileSync(join(repo, 'README.md'), 'bench\n')
  await initWorkspace(repo, { prefix: 'b' })
  execFileSync('git', ['add', '-A'], { cwd: repo, env })
  execFileSync('git', ['commit', '-qm', 'init'], { cwd: repo, env })

  let calls = 0
  const real = new ExecTmux({ env })
  const counted = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (key === 'listPanes' || key === 'capture') calls++
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  }) as Tmux
  const pool = await WorkerPool.open({ env, cwd: repo, home: join(dir, 'home'), tmux: counted })
  try {
    await pool.addProject('bench', repo)
    pool.config.set('agent.preset', 'claude')
    pool.config.set('agent.command', `${process.execPath} ${agent} --control ${control}`)
    pool.config.set('worktree_root', join(dir, 'worktrees'))
    pool.config.set('watch.notify', 'none')
    const h = await openTrackerAt(join(repo, '.beads', 'beads.db'), { actor: 'bench' })
    const beads: string[] = []
    for (let i = 0; i < n; i++) beads.push((await h.tracker.create({ title: `bench bead ${i}` })).id)
    await h.close()
    for (let i = 0; i < n; i++) {
      const name = `w${i}`
      writeFileSync(join(control, name), modes[i % modes.length]!)
      await pool.spawn({ bead: beads[i]!, name, noPrompt: true })
    }
    await new Promise((r) => setTimeout(r, 1000))
    let memory: WatchMemory | undefined
    const times: number[] = []
    const perTick: number[] = []
    for (let t = 0; t < ticks; t++) {
      calls = 0
      const start = process.hrtime.bigint()
      const step = await pool.watch({ memory })
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
      perTick.push(calls)
      memory = step.memory
    }
    const steady = stats(times.slice(1))
    return { workers: n, ticks, tmux_calls: perTick[1]!, first_tick_ms: times[0]!, ...steady }
  } finally {
    await pool.close()
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
    } catch {
      // gone already
    }
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid!()}`, socket), { force: true })
    rmSync(dir, { recursive: true, force: true })
  }
}

const results = []
for (const n of sizes) results.push(await measure(n))
if (asJson) console.log(JSON.stringify(results))
else
  for (const r of results)
    console.log(
      `wt watch tick, ${r.workers} workers: ${r.tmux_calls} tmux calls (1 list-panes + ${r.tmux_calls - 1} captures); first tick ${r.first_tick_ms.toFixed(0)} ms (probes every worktree), then median ${r.median.toFixed(1)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)})`,
    )
