import { compareTimes } from '../time-key.js'
import { compareText, conflictMarkerLines } from './format.js'
import { rawElements, rawMembers } from './raw-object.js'

/** One bead's line, its members by key (values as written, never re-encoded). */
interface Line {
  raw: string
  id: string
  members: Map<string, { keyText: string; value: string }>
}

/** A field both sides changed differently: `kept` won (the later side), `other` is recorded. */
export interface FieldConflict {
  id: string
  field: string
  kept: string | null
  other: string | null
}

export interface MergeResult {
  text: string
  conflicts: FieldConflict[]
}

/** Thrown when a side cannot be merged bead by bead (conflict markers, a line that is not a bead). */
export class Unmergeable extends Error {}

/** Edited together: a close sets all three, a reopen clears two. */
const STATUS_GROUP = ['status', 'closed_at', 'close_reason']
const SETS = new Set(['labels', 'dependencies', 'comments'])

function parseSide(text: string, side: string): Map<string, Line> {
  const markers = conflictMarkerLines(text)
  if (markers.length) throw new Unmergeable(`${side} has conflict markers at lines ${markers.join(', ')}`)
  const out = new Map<string, Line>()
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return
    let id: unknown
    try {
      id = (JSON.parse(raw) as { id?: unknown }).id
    } catch {
      throw new Unmergeable(`${side} line ${i + 1} is not JSON`)
    }
    if (typeof id !== 'string') throw new Unmergeable(`${side} line ${i + 1} has no id`)
    const line: Line = { raw, id, members: new Map(rawMembers(raw).map((m) => [m.key, { keyText: m.keyText, value: m.value }])) }
    const prev = out.get(id)
    // A file a union merge left with two lines for one id: the later one stands for the bead.
    if (!prev || compareTimes(updatedAt(line), updatedAt(prev)) > 0) out.set(id, line)
  })
  return out
}

const text = (l: Line | undefined, key: string): string | undefined => l?.members.get(key)?.value
const updatedAt = (l: Line): string => {
  const v = text(l, 'updated_at')
  return v ? (JSON.parse(v) as string) : ''
}
const isTombstone = (l: Line): boolean => text(l, 'status') === '"tombstone"'

/** 0 when the same, else which side is later (>0: ours); ties go to the greater line so either order gives one answer. */
const laterSide = (o: Line, t: Line): number => compareTimes(updatedAt(o), updatedAt(t)) || compareText(o.raw, t.raw)

/** Three-way merge of a set: what both keep, plus what either added; what either removed from the base goes. */
function mergeSet(base: string[], ours: string[], theirs: string[]): string[] {
  const b = new Set(base)
  const o = new Set(ours)
  const t = new Set(theirs)
  const out: string[] = []
  for (const x of [...ours, ...theirs.filter((x) => !o.has(x))]) {
    const inBoth = o.has(x) && t.has(x)
    if (inBoth || !b.has(x)) out.push(x)
  }
  return [...new Set(out)]
}

function mergeFields(b: Line | undefined, o: Line, t: Line, conflicts: FieldConflict[]): string {
  const keys = [...o.members.keys(), ...[...t.members.keys()].filter((k) => !o.members.has(k))]
  const oursLater = laterSide(o, t) > 0
  const chosen = new Map<string, string | undefined>()
  const pick = (group: string[]) => {
    const sig = (l: Line | undefined) => JSON.stringify(group.map((k) => text(l, k) ?? null))
    let from: Line
    if (sig(o) === sig(t) || sig(t) === sig(b)) from = o
    else if (sig(o) === sig(b)) from = t
    else {
      from = oursLater ? o : t
      const other = oursLater ? t : o
      for (const k of group) {
        if (text(from, k) !== text(other, k)) conflicts.push({ id: o.id, field: k, kept: text(from, k) ?? null, other: text(other, k) ?? null })
      }
    }
    for (const k of group) chosen.set(k, text(from, k))
  }
  for (const k of keys) {
    if (chosen.has(k)) continue
    if (k === 'updated_at') chosen.set(k, text(oursLater ? o : t, k))
    else if (SETS.has(k)) {
      const merged = mergeSet(rawElements(text(b, k) ?? '[]'), rawElements(text(o, k) ?? '[]'), rawElements(text(t, k) ?? '[]'))
      chosen.set(k, merged.length || o.members.has(k) ? `[${merged.join(',')}]` : undefined)
    } else pick(STATUS_GROUP.includes(k) ? STATUS_GROUP : [k])
  }
  const members = keys.filter((k) => chosen.get(k) !== undefined).map((k) => `${(o.members.get(k) ?? t.members.get(k))!.keyText}:${chosen.get(k)}`)
  return `{${members.join(',')}}`
}

/**
 * `bd merge-driver`: a three-way merge of `.beads/issues.jsonl` per bead and per field. A bead one
 * side changed takes that side's line byte for byte; a bead both changed is merged field by field
 * (a claim on one side and a label on the other both survive); labels, edges and comments merge as
 * sets; two different edits of one field keep the later side's (by updated_at) and report the
 * other in `conflicts`; a tombstone beats an edit made before it (the whole line, as laterLine).
 * A bead one side removed stays removed unless the other side changed it. Output: sorted by id,
 * one line per id. Throws Unmergeable for input that is not bead lines (git's conflict stands).
 */
export function mergeJsonl(base: string, ours: string, theirs: string): MergeResult {
  const [b, o, t] = [parseSide(base, 'base'), parseSide(ours, 'ours'), parseSide(theirs, 'theirs')]
  const conflicts: FieldConflict[] = []
  const lines: Array<{ id: string; line: string }> = []
  for (const id of new Set([...o.keys(), ...t.keys()])) {
    const [bl, ol, tl] = [b.get(id), o.get(id), t.get(id)]
    let line: string | undefined
    if (!ol || !tl) {
      const present = (ol ?? tl)!
      line = bl && bl.raw === present.raw ? undefined : present.raw // removed on one side, untouched on the other
    } else if (ol.raw === tl.raw || (bl && tl.raw === bl.raw)) line = ol.raw
    else if (bl && ol.raw === bl.raw) line = tl.raw
    else if (isTombstone(ol) || isTombstone(tl)) {
      const later = compareTimes(updatedAt(ol), updatedAt(tl))
      line = later > 0 ? ol.raw : later < 0 ? tl.raw : isTombstone(ol) ? ol.raw : tl.raw
    } else line = mergeFields(bl, ol, tl, conflicts)
    if (line !== undefined) lines.push({ id, line })
  }
  lines.sort((x, y) => compareText(x.id, y.id))
  return { text: lines.map((l) => l.line + '\n').join(''), conflicts }
}
