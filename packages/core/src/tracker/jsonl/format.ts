import { DomainError } from '../../errors.js'
import { timeKey } from '../time-key.js'
import { TOMBSTONE } from '../work-rules.js'
import { idProblem } from '../ids.js'
import { type RawMember, rawElements, rawMembers } from './raw-object.js'
import { type KnownKey, assembleLine, encode, goJson, styleOf } from './render.js'

/**
 * One line of `.beads/issues.jsonl`, in the public beads tracker's format (its Go `Issue` struct
 * marshalled with encoding/json). A line is kept as written: the fields this tracker models are
 * read from it (texts and times exactly as written), and the line itself is remembered, so a bead
 * no command changed is written back byte for byte, unknown fields, values and spacing included.
 */
export interface BeadFields {
  id: string
  title: string
  description: string
  design: string
  acceptance_criteria: string
  notes: string
  status: string
  priority: number
  issue_type: string
  assignee: string | null
  estimated_minutes: number | null
  created_at: string
  created_by: string | null
  updated_at: string
  closed_at: string | null
  close_reason: string | null
  defer_until: string | null
  external_ref: string | null
  deleted_at: string | null
  deleted_by: string | null
}

export interface EdgeRecord {
  issue_id: string
  depends_on_id: string
  type: string
  created_at: string
  created_by: string | null
  /** The edge object's source text (absent for edges made here). */
  source: string | null
}

export interface CommentRecord {
  id?: number
  issue_id: string
  author: string
  text: string
  created_at: string
  source: string | null
}

/** What an imported line becomes. */
export interface ImportRecord {
  line: number
  /** The line exactly as in the file (without its newline). */
  raw: string
  bead: BeadFields
  labels: string[]
  dependencies: EdgeRecord[]
  comments: CommentRecord[]
  pinned: boolean
  ephemeral: boolean
}

export const isTombstone = (r: { bead: { status: string } }): boolean => r.bead.status === TOMBSTONE

export interface ParseResult {
  records: ImportRecord[]
  warnings: string[]
}

/** JSON in Go's encoding (kept for callers that serialise a plain object). */
export const serializeLine = (value: unknown): string => goJson(value)

/**
 * A changed bead's line: the known fields from the database in Go's order, the unknown members of
 * its source line in their place, its edges' and comments' source objects verbatim.
 */
export function renderBead(
  bead: BeadFields,
  labels: readonly string[],
  dependencies: readonly EdgeRecord[],
  comments: readonly CommentRecord[],
  template: string | null,
): string {
  const style = styleOf(template)
  const members = template ? rawMembersOf(template) : []
  // Labels, edges and comments the line already had keep its order (tools differ: by time, by
  // target); new ones follow in the order given.
  const member = (key: string) => members.find((m) => m.key === key)?.value ?? ''
  const keptOrder = <T>(items: readonly T[], at: (item: T) => number): T[] =>
    items
      .map((item, i) => ({ item, i, at: at(item) }))
      .sort((a, b) => (a.at < 0 ? Infinity : a.at) - (b.at < 0 ? Infinity : b.at) || a.i - b.i)
      .map((x) => x.item)
  const labelAt = new Map((member('labels') ? rawElements(member('labels')) : []).map((raw, i) => [safeParse(raw), i]))
  labels = keptOrder(labels, (l) => labelAt.get(l) ?? -1)
  const depsText = member('dependencies')
  dependencies = keptOrder(dependencies, (d) => (d.source ? depsText.indexOf(d.source) : -1))
  const commentsText = member('comments')
  comments = keptOrder(comments, (c) => (c.source ? commentsText.indexOf(c.source) : -1))
  const known = new Map<KnownKey, string>()
  const put = (k: KnownKey, v: unknown) => {
    if (v !== null && v !== undefined && v !== '') known.set(k, encode(v, style))
  }
  known.set('id', encode(bead.id, style))
  known.set('title', encode(bead.title, style))
  put('description', bead.description)
  put('design', bead.design)
  put('acceptance_criteria', bead.acceptance_criteria)
  put('notes', bead.notes)
  known.set('status', encode(bead.status, style))
  known.set('priority', encode(bead.priority, style))
  known.set('issue_type', encode(bead.issue_type, style))
  put('assignee', bead.assignee)
  put('estimated_minutes', bead.estimated_minutes)
  known.set('created_at', encode(bead.created_at, style))
  put('created_by', bead.created_by)
  known.set('updated_at', encode(bead.updated_at, style))
  put('closed_at', bead.closed_at)
  put('close_reason', bead.close_reason)
  put('defer_until', bead.defer_until)
  put('external_ref', bead.external_ref)
  if (labels.length) known.set('labels', encode(labels, style))
  if (dependencies.length) {
    known.set('dependencies', `[${dependencies.map((d) => d.source ?? encode(edgeObject(d), style)).join(style.comma)}]`)
  }
  if (comments.length) {
    known.set(
      'comments',
      `[${comments.map((c) => c.source ?? encode({ id: c.id, issue_id: c.issue_id, author: c.author, text: c.text, created_at: c.created_at }, style)).join(style.comma)}]`,
    )
  }
  put('deleted_at', bead.deleted_at)
  put('deleted_by', bead.deleted_by)
  return assembleLine(known, members, style)
}

const safeParse = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

const edgeObject = (d: EdgeRecord) => ({
  issue_id: d.issue_id,
  depends_on_id: d.depends_on_id,
  type: d.type,
  created_at: d.created_at,
  ...(d.created_by ? { created_by: d.created_by } : {}),
})

/**
 * A line `create` would refuse for its own sake (its id, a title that is not valid UTF-8): that
 * bead is skipped with a warning naming it; the rest of the file is imported.
 */
export class SkippedLine extends Error {}

function bad(line: number, message: string): DomainError {
  return new DomainError('INVALID_VALUE', `line ${line}: ${message}`, { hint: 'Fix that line of the JSONL file (nothing was imported).', fields: { line } })
}

/** A time as written, checked to be one (any offset, any fraction); undefined when absent. */
function checkTime(value: unknown, line: number, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string' || timeKey(value) === undefined) throw bad(line, `invalid ${field}: ${JSON.stringify(value)}`)
  return value
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))
const optional = (v: unknown): string | null => (text(v) === '' ? null : text(v))

/** Parses one line, keeping every value as written; unknown values are stored as they are. */
export function parseLine(raw: string, line: number, warnings: string[]): ImportRecord {
  let obj: Record<string, unknown>
  try {
    obj = JSON.parse(raw)
  } catch (e) {
    throw bad(line, `not valid JSON (${(e as Error).message})`)
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw bad(line, 'expected a JSON object')
  const id = text(obj.id)
  if (!id.trim()) throw bad(line, 'missing "id"')
  const problem = idProblem(id)
  if (problem) throw new SkippedLine(`line ${line}: bead ${JSON.stringify(id)} skipped: ${problem} (ids become branch names and paths)`)

  const status = text(obj.status) || 'open'
  const title = text(obj.title)
  if (!title.trim() && status !== TOMBSTONE) throw bad(line, `${id} has no title`)
  if ([...title].length > 500) throw bad(line, `${id} has a title longer than 500 characters`)
  // The file was read as UTF-8: invalid bytes became U+FFFD, which `create` refuses in a title too.
  if (title.includes('\uFFFD')) throw new SkippedLine(`line ${line}: bead ${id} skipped: its title is not valid UTF-8 (${JSON.stringify(title)})`)

  let priority = 2
  if (obj.priority !== undefined && obj.priority !== null) {
    const p = typeof obj.priority === 'string' ? Number(obj.priority.replace(/^p/i, '')) : obj.priority
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 4) throw bad(line, `${id} has invalid priority ${JSON.stringify(obj.priority)} (0-4)`)
    priority = p
  }

  const updatedWritten = checkTime(obj.updated_at, line, 'updated_at')
  const created_at = checkTime(obj.created_at, line, 'created_at') ?? updatedWritten ?? new Date().toISOString()
  const updated_at = updatedWritten ?? created_at

  let estimated_minutes: number | null = null
  if (obj.estimated_minutes !== undefined && obj.estimated_minutes !== null) {
    const n = Number(obj.estimated_minutes)
    if (!Number.isInteger(n) || n < 0) throw bad(line, `${id} has invalid estimated_minutes ${JSON.stringify(obj.estimated_minutes)}`)
    estimated_minutes = n
  }

  const labels = Array.isArray(obj.labels) ? [...new Set(obj.labels.map(text).filter((l) => l.length > 0))].sort(compareText) : []

  const dependencies: EdgeRecord[] = []
  const seen = new Set<string>()
  // The source text of each edge and comment object, kept verbatim (their unknown fields with them).
  const members = Array.isArray(obj.dependencies) || Array.isArray(obj.comments) ? rawMembersOf(raw) : []
  const rawDeps = Array.isArray(obj.dependencies) ? rawArrayOf(members, 'dependencies') : []
  ;(Array.isArray(obj.dependencies) ? obj.dependencies : []).forEach((d, i) => {
    if (!d || typeof d !== 'object') return
    const dep = d as Record<string, unknown>
    const from = text(dep.issue_id) || id
    const target = text(dep.depends_on_id)
    if (from !== id) warnings.push(`line ${line}: ${id} lists an edge of ${from}; kept as ${id}'s`)
    if (!target) return
    const type = text(dep.type ?? dep.dep_type) || 'blocks'
    if (target === id) {
      warnings.push(`line ${line}: ${id} depends on itself (${type}); that edge is not imported (it could never be satisfied)`)
      return
    }
    const key = `${target}\u0000${type}`
    if (seen.has(key)) {
      warnings.push(`line ${line}: ${id} lists ${target} (${type}) twice; the first edge is kept`)
      return
    }
    seen.add(key)
    dependencies.push({
      issue_id: id,
      depends_on_id: target,
      type,
      created_at: checkTime(dep.created_at, line, 'dependency created_at') ?? created_at,
      created_by: optional(dep.created_by),
      source: rawDeps[i] ?? null,
    })
  })

  const comments: CommentRecord[] = []
  const rawComments = Array.isArray(obj.comments) ? rawArrayOf(members, 'comments') : []
  ;(Array.isArray(obj.comments) ? obj.comments : []).forEach((c, i) => {
    if (!c || typeof c !== 'object') return
    const cm = c as Record<string, unknown>
    const body = text(cm.text ?? cm.body)
    const cid = Number(cm.id)
    comments.push({
      ...(Number.isInteger(cid) && cid > 0 ? { id: cid } : {}),
      issue_id: id,
      author: text(cm.author) || 'unknown',
      text: body,
      created_at: checkTime(cm.created_at, line, 'comment created_at') ?? updated_at,
      source: rawComments[i] ?? null,
    })
  })

  const bead: BeadFields = {
    id,
    title,
    description: text(obj.description),
    design: text(obj.design),
    acceptance_criteria: text(obj.acceptance_criteria),
    notes: text(obj.notes),
    status,
    priority,
    issue_type: text(obj.issue_type) || 'task',
    assignee: optional(obj.assignee),
    estimated_minutes,
    created_at,
    created_by: optional(obj.created_by),
    updated_at,
    closed_at: checkTime(obj.closed_at, line, 'closed_at') ?? null,
    close_reason: optional(obj.close_reason),
    defer_until: checkTime(obj.defer_until, line, 'defer_until') ?? null,
    external_ref: optional(obj.external_ref),
    deleted_at: checkTime(obj.deleted_at, line, 'deleted_at') ?? null,
    deleted_by: optional(obj.deleted_by),
  }
  return { line, raw, bead, labels, dependencies, comments, pinned: obj.pinned === true, ephemeral: obj.ephemeral === true }
}

function rawMembersOf(raw: string): RawMember[] {
  try {
    return rawMembers(raw)
  } catch {
    return []
  }
}

/** The source texts of the elements of the top-level array member `key`. */
function rawArrayOf(members: readonly RawMember[], key: string): string[] {
  const member = members.find((m) => m.key === key)
  return member ? rawElements(member.value) : []
}

/** Byte order (as Go's sort and SQLite's BINARY collation), not locale order. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Lines of a git merge conflict (`<<<<<<<`, `=======`, `>>>>>>>`, and diff3's `|||||||`), 1-based. */
export function conflictMarkerLines(content: string): number[] {
  const found: number[] = []
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    if (/^(<{7}|>{7}|\|{7})( |$|\r)/.test(l) || /^={7}\r?$/.test(l)) found.push(i + 1)
  }
  return found
}

/** Splits a JSONL file into parsed records; refuses conflict markers and bad lines, naming them. */
export function parseJsonl(content: string, source: string): ParseResult {
  const markers = conflictMarkerLines(content)
  if (markers.length) {
    throw new DomainError('CONFLICT', `${source} contains git merge-conflict markers at line${markers.length > 1 ? 's' : ''} ${markers.join(', ')}`, {
      hint: "Resolve the conflict (keep both sides' lines, drop the markers), or check out one side with `git checkout --theirs`/`--ours`, then run the command again. Nothing was imported.",
      fields: { lines: markers },
    })
  }
  const warnings: string[] = []
  const records: ImportRecord[] = []
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    if (raw.trim() === '') continue
    try {
      records.push(parseLine(raw, i + 1, warnings))
    } catch (e) {
      if (!(e instanceof SkippedLine)) throw e
      warnings.push(e.message)
    }
  }
  return { records, warnings }
}
