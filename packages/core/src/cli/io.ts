import { isatty } from 'node:tty'
import { DomainError } from '../errors.js'
import { showControls, showControlsDeep } from '../text/controls.js'

// The output contract of every command, free of @oclif/core: the oclif classes and the fast entry
// (bin/run.js) hand the same IO to the same command body, so both print exactly the same bytes.

/** Where a command writes: a process stream, or a buffer in tests. */
export interface Sink {
  write(chunk: string): unknown
  readonly isTTY?: boolean
}

/** Where a command reads piped input from (read lazily: opening process.stdin costs a start). */
export interface Source {
  readonly isTTY: boolean
  /** All of it, as UTF-8. */
  read(): Promise<string>
}

/** A command's world, injected (as gh's iostreams): streams, --json, environment and folder. */
export interface IO {
  readonly json: boolean
  readonly stdout: Sink
  readonly stderr: Sink
  readonly stdin: Source
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

/** Everything of an IO but --json, which comes from the parsed command line. */
export type World = Omit<IO, 'json'>

export function processWorld(): World {
  const stdin: Source = {
    get isTTY() {
      return isatty(0)
    },
    read: () => readAll(process.stdin),
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin, env: process.env, cwd: process.cwd() }
}

export const processIO = (json: boolean): IO => ({ ...processWorld(), json })

export interface ErrorBody {
  code: DomainError['code']
  message: string
  hint?: string
  [key: string]: unknown
}

/**
 * Prints data: JSON with --json (exact), otherwise the human rendering of the data with every
 * control character made visible (nothing when it is empty). Beads, screens and messages come from
 * other people through git and agents: rendered raw, a title could retitle, clear or write the
 * clipboard of the terminal it is shown on. The renderer is handed the shown copy, never the data.
 */
export function writeData<T>(io: IO, data: T, human: (shown: T) => string | undefined): void {
  if (io.json) io.stdout.write(JSON.stringify(data, null, 2) + '\n')
  else {
    const text = human(showControlsDeep(data))
    if (text !== undefined && text !== '') io.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }
}

/** Progress and warnings: stderr, never mixed into data. */
export function writeNote(io: IO, message: string): void {
  io.stderr.write(showControls(message, { multiline: true }) + '\n')
}

/** Domain errors exit 1 (2 for USAGE); anything else unexpected exits 1 as FAILED. */
export function describeDomainError(err: unknown): { exitCode: number; body: ErrorBody } {
  if (err instanceof DomainError) return { exitCode: err.exitCode, body: err.toJSON() }
  return { exitCode: 1, body: { code: 'FAILED', message: err instanceof Error ? err.message : String(err) } }
}

/** Message (and hint) on stderr, `{"error":{…}}` on stdout with --json; returns the exit code. */
export function writeError(io: IO, err: unknown, described: { exitCode: number; body: ErrorBody } = describeDomainError(err)): number {
  const { exitCode, body } = described
  io.stderr.write(`Error: ${showControls(body.message)}\n${body.hint ? `Hint: ${showControls(body.hint)}\n` : ''}`)
  const stack = (err as { stack?: string } | undefined)?.stack
  if (io.env.BD_DEBUG && stack) io.stderr.write(stack + '\n')
  if (io.json) io.stdout.write(JSON.stringify({ error: body }, null, 2) + '\n')
  return exitCode
}

/** A usage error (exit 2) raised by a command body, e.g. a flag value its parser cannot judge. */
export const usageError = (message: string): DomainError => new DomainError('USAGE', message, { hint: 'See --help for usage.' })

/**
 * A whole-number flag (`--limit 5`), judged by the body rather than by a parse function in the
 * flag, so that the fast entry and oclif parse the line alike. Bad values are usage errors.
 */
export function countFlag(flag: string, input: string | undefined, min = 1): number | undefined {
  if (input === undefined) return undefined
  if (!/^\s*\d+\s*$/.test(input) || Number(input) < min) throw usageError(`--${flag} expects a whole number of at least ${min}, got ${JSON.stringify(input)}`)
  return Number(input)
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
