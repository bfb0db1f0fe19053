import { DomainError, type ErrorCode } from '../errors.js'

// The output contract of every command, free of @oclif/core so that bd's fast path (bin/run.js)
// prints exactly what the oclif commands print without loading the framework.

export interface ErrorBody {
  code: ErrorCode
  message: string
  hint?: string
  [key: string]: unknown
}

/** Prints data: JSON with --json, otherwise the human rendering (nothing when it is empty). */
export function writeData(data: unknown, json: boolean, human: () => string | undefined): void {
  if (json) process.stdout.write(JSON.stringify(data, null, 2) + '\n')
  else {
    const text = human()
    if (text !== undefined && text !== '') process.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }
}

/** Domain errors exit 1 (2 for USAGE); anything else unexpected exits 1 as FAILED. */
export function describeDomainError(err: unknown): { exitCode: number; body: ErrorBody } {
  if (err instanceof DomainError) return { exitCode: err.exitCode, body: err.toJSON() }
  return { exitCode: 1, body: { code: 'FAILED', message: err instanceof Error ? err.message : String(err) } }
}

/** Message (and hint) on stderr, `{"error":{…}}` on stdout with --json, and the exit code. */
export function writeError(err: unknown, described: { exitCode: number; body: ErrorBody }, json: boolean): void {
  const { exitCode, body } = described
  process.stderr.write(`Error: ${body.message}\n${body.hint ? `Hint: ${body.hint}\n` : ''}`)
  const stack = (err as { stack?: string } | undefined)?.stack
  if (process.env.BD_DEBUG && stack) process.stderr.write(stack + '\n')
  if (json) process.stdout.write(JSON.stringify({ error: body }, null, 2) + '\n')
  process.exitCode = exitCode
}
