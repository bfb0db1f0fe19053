import { DomainError, type ErrorCode } from '../errors.js'
import { showControls, showControlsDeep } from '../text/controls.js'

// The output contract of every command, free of @oclif/core so that bd's fast path (bin/run.js)
// prints exactly what the oclif commands print without loading the framework.

export interface ErrorBody {
  code: ErrorCode
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
export function writeData<T>(data: T, json: boolean, human: (shown: T) => string | undefined): void {
  if (json) process.stdout.write(JSON.stringify(data, null, 2) + '\n')
  else {
    const text = human(showControlsDeep(data))
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
  process.stderr.write(`Error: ${showControls(body.message)}\n${body.hint ? `Hint: ${showControls(body.hint)}\n` : ''}`)
  const stack = (err as { stack?: string } | undefined)?.stack
  if (process.env.BD_DEBUG && stack) process.stderr.write(stack + '\n')
  if (json) process.stdout.write(JSON.stringify({ error: body }, null, 2) + '\n')
  process.exitCode = exitCode
}
