// A wt sandbox for benches: a temp folder with a git repository that has a bd workspace, registered
// as project `b`, the fake agent (keys mode, `ready>`), worktrees in the folder and a private tmux
// socket. `cli(bin, args)` runs the built bd or wt in the repository; `cleanup()` ends it all.
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export async function wtSandbox(name) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `${name}-`)))
  const socket = `${name}-${process.pid}`
  const repo = join(dir, 'repo')
  const env = {
    ...process.env,
    WT_HOME: join(dir, 'home'),
    WT_TMUX_SOCKET: socket,
    NO_COLOR: '1',
    BEADS_ACTOR: 'bench',
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
  const cleanup = () => {
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, socket), { force: true })
    rmSync(dir, { recursive: true, force: true })
  }
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
  } catch (e) {
    cleanup()
    throw e
  }
  return { dir, socket, repo, env, cli, cleanup }
}
