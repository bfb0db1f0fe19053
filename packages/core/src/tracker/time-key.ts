/**
 * A sortable text key for an RFC 3339 / ISO-8601 time at its full precision: UTC, nine fraction
 * digits (`2026-01-02T11:04:52.804781000Z`). Times are stored as written (`…52.804781-08:00` stays
 * so in the JSONL); every comparison and order goes through this key instead, so offsets and
 * microseconds compare correctly and byte order is time order.
 */
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

export function timeKey(text: string): string | undefined {
  const m = TIME.exec(text.trim())
  if (!m) return undefined
  const d = new Date(0)
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])) // not Date.UTC: it maps years 0-99 to 19xx
  d.setUTCHours(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0)
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return undefined
  const zone = m[8]
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '')
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)
    d.setTime(d.getTime() - (zone[0] === '-' ? -1 : 1) * minutes * 60_000)
  }
  const fraction = (m[7] ?? '').padEnd(9, '0').slice(0, 9)
  return `${d.toISOString().slice(0, 19)}.${fraction}Z`
}

/** The key of a time we write ourselves (always valid). */
export const keyOf = (date: Date): string => timeKey(date.toISOString())!

/** Orders two time texts by the moment they name (unparseable texts sort first, by text). */
export function compareTimes(a: string, b: string): number {
  const ka = timeKey(a) ?? ''
  const kb = timeKey(b) ?? ''
  return ka < kb ? -1 : ka > kb ? 1 : 0
}
