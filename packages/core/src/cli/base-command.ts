import { Command, Errors, type Interfaces } from '@oclif/core'
import { DomainError } from '../errors.js'
import { describeDomainError, type ErrorBody, processIO, writeData, writeError, writeNote } from './io.js'

export type { ErrorBody } from './io.js'

/** Maps anything thrown to the contract: exit 1 for domain errors, 2 for usage, and the JSON body. */
export function describeError(err: unknown): { exitCode: number; body: ErrorBody } {
  if (err instanceof DomainError) return describeDomainError(err)
  const oclifExit = (err as { oclif?: { exit?: number } })?.oclif?.exit
  if (err instanceof Errors.CLIError || oclifExit !== undefined) {
    // Parser failures (unknown flag, missing argument, bad option) are usage errors.
    const exitCode = oclifExit ?? 2
    const message = oneLine(err instanceof Error ? err.message : String(err))
    return { exitCode, body: { code: exitCode === 2 ? 'USAGE' : 'FAILED', message, ...(exitCode === 2 ? { hint: 'See --help for usage.' } : {}) } }
  }
  return describeDomainError(err)
}

const oneLine = (s: string) =>
  s
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\nSee more help with --help/, '')
    .replace(/^Error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')

/**
 * Base of every `bd` and `wt` command. oclif 4 with `enableJsonFlag` loses `this.error(…, {exit})`
 * codes, so errors are rendered here: message (and hint) on stderr, `{"error":{…}}` on stdout with
 * --json, and the exit code set without a stack trace.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  protected get json(): boolean {
    return this.jsonEnabled()
  }

  /** Prints data: JSON with --json, otherwise the human rendering. */
  protected output<T>(data: T, human: (shown: T) => string | undefined): void {
    writeData(processIO(this.json), data, human)
  }

  /** Progress and warnings: stderr, never mixed into data. */
  protected note(message: string): void {
    writeNote(processIO(this.json), message)
  }

  /**
   * Whatever the parser rejects is bad usage (exit 2). oclif gives some of its own parser errors
   * (e.g. "Flag --status expects a value") its default exit code 1; domain errors raised by a flag's
   * own parse function keep theirs.
   */
  // biome-ignore lint/suspicious/noExplicitAny: oclif's own FlagOutput/ArgOutput (not exported)
  protected override async parse<F extends Record<string, any>, B extends Record<string, any>, A extends Record<string, any>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (e) {
      if (e instanceof Error && !(e instanceof DomainError)) Object.assign(e, { oclif: { ...(e as { oclif?: object }).oclif, exit: 2 } })
      throw e
    }
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<void> {
    if ((err as { code?: string }).code === 'EEXIT') throw err // this.exit(): let oclif end the run
    process.exitCode = writeError(processIO(this.json), err, describeError(err))
  }
}
