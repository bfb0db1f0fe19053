import { DomainError } from '../errors.js'

const RELATIVE = /^\+(\d+)([mhdw])$/
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * `--defer` values: an ISO date (`2026-12-01`, midnight UTC), an ISO date-time, or a relative
 * `+30m`, `+6h`, `+2d`, `+1w`. Returns ISO-8601 UTC. Empty string clears (returns null).
 */
export function parseDeferUntil(input: string, now: Date = new Date()): string | null {
  const text = input.trim()
  if (text === '') return null
  const rel = RELATIVE.exec(text)
  if (rel) {
    // Past year 9999 (or past what Date holds) a relative date is not a date: named as one, not "Invalid time value".
    const d = new Date(now.getTime() + Number(rel[1]) * UNIT_MS[rel[2]!]!)
    if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() <= 9999) return d.toISOString()
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(`${text}T00:00:00.000Z`)
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(text)) return d.toISOString()
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const d = new Date(text)
    if (!Number.isNaN(d.getTime())) return d.toISOString()
  }
  throw new DomainError('INVALID_DATE', `invalid date: ${JSON.stringify(input)}`, {
    hint: 'Use an ISO date (2026-12-01), a date-time (2026-12-01T09:00:00Z), or a relative +6h, +2d, +1w.',
  })
}

export const nowIso = (): string => new Date().toISOString()
