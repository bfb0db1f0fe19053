import { childProcess } from '../child-process.js'
import { DomainError } from '../../errors.js'

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs git with an argv array (never a shell) in `cwd`; never throws on a non-zero exit. */
export function runGit(cwd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    childProcess().execFile(
      'git',
      [...args],
      { cwd, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new DomainError('UNAVAILABLE', 'git is not installed or not on PATH (or the folder is gone: ' + cwd + ')'))
          return
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Like runGit, but a non-zero exit is a DomainError carrying git's own message. */
export async function git(cwd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await runGit(cwd, args, options)
  if (r.code !== 0) throw new DomainError('FAILED', `git ${args[0]} failed: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`)
  return r.stdout
}

/**
 * runGit for the few calls that must answer synchronously (bd's start-up: the actor's
 * `git config user.name`, the hooks folder, the merge driver's config); never throws, never prompts.
 */
export function runGitSync(cwd: string | undefined, args: readonly string[], options: { timeoutMs?: number } = {}): GitResult {
  try {
    const stdout = childProcess().execFileSync('git', [...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    })
    return { code: 0, stdout, stderr: '' }
  } catch (e) {
    const err = e as { status?: number | null; stdout?: string; stderr?: string }
    return { code: typeof err.status === 'number' ? err.status : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}
