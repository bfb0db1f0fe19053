#!/usr/bin/env node
// Time from `wt new` to prompt delivered, with the fake agent in keys mode (the prompt is typed
// once `ready>` shows: paste, 0.5 s pause, Enter, verify). Measures the whole CLI call (start-up
// included) and the spawn itself (elapsed_ms reported by core). Private tmux socket, temp dirs.
// Run: npm run build && node bench/wt-spawn.mjs [runs]
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runs = Number(process.argv[2] ?? 7)
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-bench-')))
const socket = `wt-bench-${process.pid}`
const repo = join(dir, 'repo')
const env = {
  ...process.env,
  WT_HOME: join(dir, 'home'),
  WT_TMUX_SOCKET: socket,
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@x',
}
delete env.NODE_EXTRA_CA_CERTS // adds ~140 ms to every node start in this environment (ARCHITECTURE.md)
delete env.TMUX
const cli = (bin, args) =>
  new Promise((res, rej) =>
    execFile(process.execPath, [join(root, `packages/${bin}/bin/run.js`), ...args], { cwd: repo, env, encoding: 'utf8' }, (e, out, err) =>
      e ? rej(new Error(err)) : res(out),
    ),
  )
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

try {
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  writeFileSync(join(repo, 'README.md'), 'x\n')
  await cli('bd', ['init', '--prefix', 'b'])
  execFileSync('git', ['add', '-A'], { cwd: repo, env })
  execFileSync('git', ['commit', '-qm', 'init'], { cwd: repo, env })
  await cli('wt', ['project', 'add', 'b', repo])
  await cli('wt', ['config', 'set', 'agent.command', `${process.execPath} ${join(root, 'test/_support/fake-agent.mjs')} ${join(dir, 'logs')}`])
  await cli('wt', ['config', 'set', 'agent.preset', 'shell'])
  await cli('wt', ['config', 'set', 'agent.ready_pattern', 'ready>'])
  await cli('wt', ['config', 'set', 'worktree_root', join(dir, 'wts')])
  const wall = []
  const core = []
  for (let i = 0; i < runs; i++) {
    const id = (await cli('bd', ['create', `bench ${i}`, '--silent'])).trim()
    const t0 = performance.now()
    const r = JSON.parse(await cli('wt', ['new', id, '--no-switch', '--json']))
    wall.push(performance.now() - t0)
    core.push(r.elapsed_ms)
    await cli('wt', ['kill', r.name])
  }
  console.log(`wt new -> prompt delivered, ${runs} runs (fake agent, keys mode)`)
  console.log(`  CLI wall time  median ${median(wall).toFixed(0)} ms  (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})`)
  console.log(`  core spawn     median ${median(core)} ms  (min ${Math.min(...core)}, max ${Math.max(...core)})`)
} finally {
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
  } catch {}
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, socket), { force: true })
  rmSync(dir, { recursive: true, force: true })
}
