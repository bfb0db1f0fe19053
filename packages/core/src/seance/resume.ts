import { constants, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveExecutable, runProgram } from '../adapters/processes.js'
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

/**
 * Asks a past session a question without touching it: `<command> --resume <id> --fork-session -p
 * <question>`, run (no shell) from a fresh temp directory whose project folder holds a copy of the
 * transcript — Claude Code looks a session up under the slug of its cwd, and the fork writes its
 * new session there too. A copy, not a hard link, so nothing the agent does can reach the original
 * bytes. The temp directory and its project folder are removed afterwards, on failure too.
 */
export async function forkResume(options: ForkResumeOptions): Promise<ForkResumeResult> {
  const env = options.env ?? process.env
  const executable = resolveExecutable(options.command, env)
  if (!executable)
    throw new DomainError('UNAVAILABLE', `agent command not found on PATH: ${options.command}`, { hint: 'Install it, set `seance.command`, or use --offline.' })
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

async function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number }): Promise<string> {
  const r = await runProgram(file, args, { cwd: options.cwd, env: options.env, timeoutMs: options.timeout })
  if (r.ok) return r.stdout.trim()
  const detail = (r.stderr || r.stdout || r.error || '').trim().split('\n').slice(-3).join(' ')
  const how = r.timedOut ? 'timed out' : `exited ${r.code ?? 'abnormally'}`
  throw new DomainError('FAILED', `${file} ${how}: ${detail}`, { hint: 'Try --offline to answer from the transcript.' })
}
