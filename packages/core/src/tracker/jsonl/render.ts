import type { RawMember } from './raw-object.js'

/**
 * Canonical rendering of a bead whose line changed. Fields appear in the Go `Issue` struct's
 * order (the public beads tracker's export), empty ones left out (`omitempty`), `priority` always
 * present. A bead keeps the style of its own source line, so an edit touches only what changed:
 * - compact, as Go's encoding/json writes it: `{"id":"…","title":…}`, `<`, `>`, `&`, U+2028/9
 *   escaped, other characters as they are (a bead first written here is compact);
 * - spaced, as the Dolt-era export writes it: `{"id": "…", "title": …}`, every non-ASCII
 *   character escaped as `\uXXXX` (lower-case hex, surrogate pairs), `<`, `>`, `&` as they are.
 * Unknown members of the source line are copied byte for byte, each after the known member it
 * followed there.
 */
export interface LineStyle {
  colon: string
  comma: string
  string: (s: string) => string
}

/** JSON as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export const goJson = (v: unknown): string => JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** A string with every non-ASCII UTF-16 unit escaped (the spaced export's `ensure_ascii` form). */
const asciiJson = (s: string): string => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const COMPACT: LineStyle = { colon: ':', comma: ',', string: goJson }
const SPACED: LineStyle = { colon: ': ', comma: ', ', string: asciiJson }

export const styleOf = (line: string | null | undefined): LineStyle => (line && /^\s*\{\s*"id"\s*:\s/.test(line) ? SPACED : COMPACT)

/** The members this tracker models, in the Go struct's order; everything else is carried verbatim. */
const KNOWN_KEYS = [
  'id',
  'title',
  'description',
  'design',
  'acceptance_criteria',
  'notes',
  'status',
  'priority',
  'issue_type',
  'assignee',
  'estimated_minutes',
  'created_at',
  'created_by',
  'updated_at',
  'closed_at',
  'close_reason',
  'defer_until',
  'external_ref',
  'labels',
  'dependencies',
  'comments',
  'deleted_at',
  'deleted_by',
] as const
export type KnownKey = (typeof KNOWN_KEYS)[number]
const RANK = new Map<string, number>(KNOWN_KEYS.map((k, i) => [k, i]))

/** A value in the given style (objects keep their key order). */
export function encode(v: unknown, style: LineStyle): string {
  if (Array.isArray(v)) return `[${v.map((x) => encode(x, style)).join(style.comma)}]`
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => style.string(k) + style.colon + encode(x, style))
      .join(style.comma)}}`
  }
  return typeof v === 'string' ? style.string(v) : JSON.stringify(v)
}

const EMPTY_TEXTS = new Set(['""', 'null', '[]'])

/**
 * Joins the known members (already encoded, any order) with the unknown ones of the source line's
 * `members`.
 * A known member the template wrote as an empty value (`"assignee": null`) and that is still empty
 * keeps that text, so tools that write explicit empties see no churn.
 */
export function assembleLine(known: ReadonlyMap<KnownKey, string>, members: readonly RawMember[], style: LineStyle): string {
  const following = new Map<number, RawMember[]>()
  const emptyKept = new Map<string, RawMember>()
  let anchor = -1
  for (const m of members) {
    const rank = RANK.get(m.key)
    if (rank !== undefined) {
      anchor = rank
      if (!known.has(m.key as KnownKey) && EMPTY_TEXTS.has(m.value)) emptyKept.set(m.key, m)
      continue
    }
    const list = following.get(anchor)
    if (list) list.push(m)
    else following.set(anchor, [m])
  }
  const parts: string[] = []
  const emit = (ms: RawMember[] | undefined) => {
    for (const m of ms ?? []) parts.push(m.keyText + style.colon + m.value)
  }
  emit(following.get(-1))
  KNOWN_KEYS.forEach((key, rank) => {
    const value = known.get(key)
    if (value !== undefined) parts.push(style.string(key) + style.colon + value)
    else {
      const kept = emptyKept.get(key)
      if (kept) parts.push(kept.keyText + style.colon + kept.value)
    }
    emit(following.get(rank))
  })
  return `{${parts.join(style.comma)}}`
}
