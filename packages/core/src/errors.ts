/** Stable error codes: part of the `--json` contract, never renamed. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'AMBIGUOUS_ID'
  | 'INVALID_ID'
  | 'INVALID_PRIORITY'
  | 'INVALID_STATUS'
  | 'INVALID_TYPE'
  | 'INVALID_DATE'
  | 'INVALID_SORT'
  | 'INVALID_VALUE'
  | 'INVALID_DEPENDENCY'
  | 'CYCLE'
  | 'ALREADY_CLAIMED'
  | 'NOT_CLAIMABLE'
  | 'HAS_OPEN_BLOCKERS'
  | 'DUPLICATE'
  | 'NO_WORKSPACE'
  | 'WORKSPACE_EXISTS'
  | 'DATABASE'
  | 'BUSY'
  | 'CONFLICT'
  | 'USAGE'
  | 'UNAVAILABLE'
  | 'FAILED'

/** A domain error: a refusal the user can act on. Exit code 1 unless it is a usage error (2). */
export class DomainError extends Error {
  readonly code: ErrorCode
  readonly hint?: string
  /** Extra members of the `--json` error object (not `details`: uvu reads that name off any thrown error and crashes on an object). */
  readonly fields?: Record<string, unknown>

  constructor(code: ErrorCode, message: string, options: { hint?: string; fields?: Record<string, unknown> } = {}) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.hint = options.hint
    this.fields = options.fields
  }

  get exitCode(): number {
    return this.code === 'USAGE' ? 2 : 1
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string } {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...(this.fields ?? {}) }
  }
}

export const notFound = (what: string, value: string, hint?: string) => new DomainError('NOT_FOUND', `${what} not found: ${value}`, { hint })

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError
