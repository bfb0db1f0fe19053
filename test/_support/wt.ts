import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initWorkspace, openTrackerAt } from '../../packages/core/src/tracker/open.js'
import { WorkerPool } from '../../packages/core/src/workers/pool.js'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const fakeAgent = fileURLToPath(new URL('./fake-agent.mjs', import.meta.url))
export const wtBin = join(root, 'packages/wt/bin/run.js')

const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' }

export const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] }).trim()

/**
 * One sandbox per test file: a private tmux socket, WT_HOME, worktree root and a git repository
 * with a bd workspace (prefix `t`) registered as project `demo`, the fake agent configured in keys
 * mode (shell preset). `cleanup()` kills the tmux server and removes every temp dir.
 */
export async function sandbox(name: string) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `wt-${name}-`)))
  const socket = `wt-test-${name}-${process.pid}`
  const repo = join(dir, 'repo')
  const home = join(dir, 'home')
  const logs = join(dir, 'logs')
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, WT_HOME: home, WT_TMUX_SOCKET: socket, NO_COLOR: '1' }
  delete env.TMUX
  delete env.WT_SESSION
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  writeFileSync(join(repo, 'README.md'), 'hello\n')
  await initWorkspace(repo, { prefix: 't' })
  gitIn(repo, 'add', '-A')
  gitIn(repo, 'commit', '-qm', 'init')
  const pool = await openPool(env, repo)
  await pool.addProject('demo', repo)
  pool.config.set('agent.preset', 'shell')
  pool.config.set('agent.command', `${process.execPath} ${fakeAgent} ${logs}`)
  pool.config.set('agent.ready_pattern', 'ready>')
  // The fake agents start at once; the start-up check's own test sets a longer window.
  pool.config.set('agent.start_check', '0.3')
  pool.config.set('worktree_root', join(dir, 'worktrees'))
  await pool.close()
  return {
    dir,
    repo,
    home,
    logs,
    socket,
    env,
    pool: (cwd = repo) => openPool(env, cwd),
    async bead(input: { title: string; issue_type?: string; description?: string; acceptance_criteria?: string; priority?: number; labels?: string[] }) {
      const h = await openTrackerAt(join(repo, '.beads', 'beads.db'), { actor: 'hub' })
      try {
        return await h.tracker.create(input)
      } finally {
        await h.close()
      }
    },
    async issue(id: string) {
      const h = await openTrackerAt(join(repo, '.beads', 'beads.db'), { actor: 'hub' })
      try {
        return await h.tracker.get(id)
      } finally {
        await h.close()
      }
    },
    /** The fake agent's log for a worker: its start record and every line it received. */
    agentLog(worker: string): Array<{ type: string; text?: string; argv?: string[]; env?: Record<string, string> }> {
      const file = join(logs, `${worker}.log`)
      return existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : []
    },
    tmux: (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    /** tmux session names on the private server (none when it is not running). */
    sessions(): string[] {
      try {
        return execFileSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
          .split('\n')
          .filter(Boolean)
      } catch {
        return []
      }
    },
    /** Runs the built wt CLI. */
    wt(args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        const child = execFile(
          process.execPath,
          [wtBin, ...args],
          { cwd: options.cwd ?? repo, env: { ...env, ...options.env }, encoding: 'utf8' },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        )
        child.stdin!.end(options.input ?? '')
      })
    },
    cleanup() {
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
      } catch {
        // no server left
      }
      // Agents killed with the server may still be writing their state for a moment.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      // kill-server leaves the socket file behind.
      rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid!()}`, socket), { force: true })
    },
  }
}

export type Sandbox = Awaited<ReturnType<typeof sandbox>>

const openPool = (env: NodeJS.ProcessEnv, cwd: string) => WorkerPool.open({ env, cwd, home: env.WT_HOME, wtArgv: [process.execPath, wtBin] })

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
/** What a truthy check lets through. */
type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>

export async function eventually<T>(fn: () => T | Promise<T>, ms = 5000): Promise<Truthy<T>> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v as Truthy<T>
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
