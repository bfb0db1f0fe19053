import { execFile } from 'node:child_process'
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, isAbsolute, join, resolve } from 'node:path'
import { DomainError } from '../errors.js'
import { withoutNestedSession } from '../adapters/tmux/nested-session.js'
import { projectsDir, slug } from './paths.js'

export interface ForkResumeOptions {
  /** Executable name or path (`seance.command`). */
  command: string
  sessionId: string
  transcriptPath: string
  question: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

export interface ForkResumeResult {
  answer: string
  argv: string[]
}

/** The executable a command name resolves to on PATH (no shell involved), or null. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = command.includes('/') ? [resolve(command)] : (env.PATH ?? '').split(delimiter).filter((d) => isAbsolute(d)).map((d) => join(d, command))
  for (const path of candidates) {
    try {
      if (!statSync(path).isFile()) continue
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // not here
    }
  }
  return null
}

/**
 * Asks a past session a question without touching it: `<command> --resume <id> --fork-session -p
 * <question>`, run (no shell) from a fresh temp directory whose project folder holds a copy of the
 * transcript — Claude Code looks a session up under the slug of its cwd, and the fork writes its
 * new session there too. A copy, not a hard link, so nothing the agent does can reach the original
 * bytes. The temp directory and its project folder are removed afterwards, on failure too.
 */
export async function forkResume(options: ForkResumeOptions): Promise<ForkResumeResult> {
  const env = options.env ?? process.env
  const executable = findExecutable(options.command, env)
  if (!executable) throw new DomainError('UNAVAILABLE', `agent command not found on PATH: ${options.command}`, { hint: 'Install it, set `seance.command`, or use --offline.' })
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-seance-')))
  const projectDir = join(projectsDir(env), slug(dir))
  const argv = ['--resume', options.sessionId, '--fork-session', '-p', options.question]
  try {
    mkdirSync(projectDir, { recursive: true })
    copyFileSync(options.transcriptPath, join(projectDir, `${options.sessionId}.jsonl`), constants.COPYFILE_FICLONE)
    const childEnv = withoutNestedSession(env)
    const answer = await run(executable, argv, { cwd: dir, env: childEnv, timeout: options.timeoutMs ?? 0 })
    return { answer, argv: [options.command, ...argv] }
  } finally {
    rmSync(projectDir, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  }
}

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number }): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout.trim())
      const detail = (stderr || stdout || error.message).trim().split('\n').slice(-3).join(' ')
      const how = error.killed ? 'timed out' : `exited ${error.code ?? 'abnormally'}`
      reject(new DomainError('FAILED', `${file} ${how}: ${detail}`, { hint: 'Try --offline to answer from the transcript.' }))
    })
    // `-p` reads piped stdin as extra input: give it none rather than an open pipe.
    child.stdin?.end()
  })
}
