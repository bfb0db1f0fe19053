/**
 * The processes adapter: every program core starts that is not git or tmux (those have their own
 * adapters) — hook commands from the user's config, desktop notifiers, `gh`, the agent CLI a seance
 * resumes — and the process checks around them. Programs get argv arrays (execFile/spawn, no shell);
 * the one shell here runs the user's own configured hook command, never text from anyone else.
 */
import { childProcess } from './child-process.js'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'
import { DomainError } from '../errors.js'

/** Whether a process exists (EPERM: it does, it is just not ours to signal). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Ends a process group, ignoring one that is already gone. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL')
  } catch {
    // Gone already.
  }
}

/**
 * Finds `cmd` the way execvp would: a path (relative to `cwd`), or the first executable file in an
 * absolute PATH entry (a relative entry would name a different folder in the process's own cwd).
 */
export function resolveExecutable(cmd: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | undefined {
  const candidates = cmd.includes('/')
    ? [isAbsolute(cmd) ? cmd : resolve(cwd, cmd)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter((d) => isAbsolute(d))
        .map((d) => join(d, cmd))
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue
      accessSync(c, constants.X_OK)
      return c
    } catch {
      // next
    }
  }
  return undefined
}

/**
 * Runs a configured hook command (`hooks.on_create`, `hooks.on_close`: the user's own config, so
 * through sh) in `cwd` with `env`, in its own process group so that what it starts can be ended with
 * it (see workers/abandoned-spawns.ts). A non-zero exit is a DomainError with its last output.
 */
export function runShellHook(which: string, command: string, cwd: string, env: NodeJS.ProcessEnv, onStart?: (pid: number) => void): Promise<void> {
  return new Promise((res, rej) => {
    const child = childProcess().spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    if (child.pid) onStart?.(child.pid)
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (out += c))
    child.on('error', (e) => rej(new DomainError('FAILED', `${which} could not start: ${e.message}`)))
    child.on('close', (code) =>
      code === 0
        ? res()
        : rej(new DomainError('FAILED', `${which} failed (exit ${code}): ${out.trim().slice(-500)}`, { hint: `Fix it with \`wt config set ${which} …\`.` })),
    )
  })
}

export interface ProgramResult {
  ok: boolean
  stdout: string
  stderr: string
  /** Exit status, or null when it did not exit by itself (killed, timed out, never started). */
  code: number | null
  /** Ended by the timeout. */
  timedOut: boolean
  /** Why it could not run or failed, as Node put it. */
  error?: string
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** 0: none. */
  timeoutMs?: number
}

/**
 * Runs a program with an argv array and waits for it; never throws (the caller decides what a
 * failure means). stdin is closed at once: an agent CLI in `-p` mode reads piped stdin as input.
 */
export function runProgram(file: string, args: readonly string[], options: RunOptions = {}): Promise<ProgramResult> {
  return new Promise((resolvePromise) => {
    const child = childProcess().execFile(
      file,
      [...args],
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise({ ok: true, stdout, stderr, code: 0, timedOut: false })
        const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null
        resolvePromise({ ok: false, stdout: stdout ?? '', stderr: stderr ?? '', code, timedOut: !!error.killed, error: error.message })
      },
    )
    child.stdin?.end()
  })
}
