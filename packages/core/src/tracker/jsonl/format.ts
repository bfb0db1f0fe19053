import type { Selectable } from 'kysely'
import { DomainError } from '../../errors.js'
import type { DependencyType, IssuesTable, IssueType, Status } from '../schema.js'
import { DEPENDENCY_TYPES, ISSUE_TYPES } from '../values.js'

/**
 * One line of `.beads/issues.jsonl`, in the public beads tracker's format: its Go `Issue` struct
 * marshalled with encoding/json. Keys appear in the struct's order; empty strings, nulls and empty
 * arrays are omitted (`omitempty`), `priority` never is.
 */
export interface JsonlIssue {
  id: string
  title: string
  description?: string
  design?: string
  acceptance_criteria?: string
  notes?: string
  status: Status
  priority: number
  issue_type: IssueType
  assignee?: string
  estimated_minutes?: number
  created_at: string
  created_by?: string
  updated_at: string
  closed_at?: string
  close_reason?: string
  defer_until?: string
  external_ref?: string
  labels?: string[]
  dependencies?: JsonlDependency[]
  comments?: JsonlComment[]
}

export interface JsonlDependency {
  issue_id: string
  depends_on_id: string
  type: DependencyType
  created_at: string
  created_by?: string
}

export interface JsonlComment {
  id: number
  issue_id: string
  author: string
  text: string
  created_at: string
}

/** The row shape the exporter reads: the issues table's own columns, without the derived readiness ones. */
export type IssueRecordRow = Omit<Selectable<IssuesTable>, 'is_blocked' | 'effective_defer_until'>

/** Builds the beads object for a bead, with keys in the beads struct order and empty values left out. */
export function toJsonlIssue(
  row: IssueRecordRow,
  labels: readonly string[] = [],
  dependencies: readonly JsonlDependency[] = [],
  comments: readonly JsonlComment[] = [],
): JsonlIssue {
  const out: Record<string, unknown> = { id: row.id, title: row.title }
  const put = (k: string, v: unknown) => {
    if (v !== null && v !== undefined && v !== '') out[k] = v
  }
  put('description', row.description)
  put('design', row.design)
  put('acceptance_criteria', row.acceptance_criteria)
  put('notes', row.notes)
  out.status = row.status
  out.priority = row.priority
  out.issue_type = row.issue_type
  put('assignee', row.assignee)
  put('estimated_minutes', row.estimated_minutes)
  out.created_at = row.created_at
  put('created_by', row.created_by)
  out.updated_at = row.updated_at
  put('closed_at', row.closed_at)
  put('close_reason', row.close_reason)
  put('defer_until', row.defer_until)
  put('external_ref', row.external_ref)
  if (labels.length) out.labels = [...labels]
  if (dependencies.length) out.dependencies = dependencies.map(dependencyObject)
  if (comments.length) out.comments = comments.map((c) => ({ id: c.id, issue_id: c.issue_id, author: c.author, text: c.text, created_at: c.created_at }))
  return out as unknown as JsonlIssue
}

const dependencyObject = (d: JsonlDependency): JsonlDependency => {
  const o: JsonlDependency = { issue_id: d.issue_id, depends_on_id: d.depends_on_id, type: d.type, created_at: d.created_at }
  if (d.created_by) o.created_by = d.created_by
  return o
}

/**
 * JSON the way Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped as \u00XX,
 * so a line written here is byte-identical to the same bead written by beads (no git churn when
 * both tools touch one file).
 */
export function serializeLine(issue: JsonlIssue): string {
  return JSON.stringify(issue).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** What an imported line becomes, normalised to this tracker's storage conventions. */
export interface ImportRecord {
  line: number
  issue: JsonlIssue
  /** Comments without ids are numbered on insert. */
  comments: Array<Omit<JsonlComment, 'id'> & { id?: number }>
}

export interface ParseResult {
  records: ImportRecord[]
  warnings: string[]
  /** Lines that describe deleted beads (beads' `tombstone` status); they are not imported. */
  tombstones: string[]
}

const STATUS_MAP: Record<string, Status | 'tombstone'> = {
  open: 'open',
  in_progress: 'in_progress',
  'in-progress': 'in_progress',
  blocked: 'blocked',
  deferred: 'deferred',
  closed: 'closed',
  tombstone: 'tombstone',
  // beads statuses this tracker has no equivalent for
  hooked: 'in_progress',
  pinned: 'open',
}

const TYPE_ALIASES: Record<string, IssueType> = { feat: 'feature', enhancement: 'feature' }

function bad(line: number, message: string): DomainError {
  return new DomainError('INVALID_VALUE', `line ${line}: ${message}`, { hint: 'Fix that line of the JSONL file (nothing was imported).', fields: { line } })
}

/** ISO-8601 / RFC 3339 (any offset, any fraction) → ISO UTC with milliseconds, as stored here. */
export function normalizeTime(value: unknown, line: number, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw bad(line, `${field} must be a date-time string, got ${JSON.stringify(value)}`)
  if (value.startsWith('0001-01-01')) return undefined // Go's zero time
  const d = new Date(value)
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw bad(line, `invalid ${field}: ${JSON.stringify(value)}`)
  return d.toISOString()
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))

/** Parses one line. Unknown keys are ignored; unknown enum values are mapped with a warning. */
export function parseLine(raw: string, line: number, warnings: string[]): ImportRecord | 'tombstone' {
  let obj: Record<string, unknown>
  try {
    obj = JSON.parse(raw)
  } catch (e) {
    throw bad(line, `not valid JSON (${(e as Error).message})`)
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw bad(line, 'expected a JSON object')
  const id = text(obj.id).trim()
  if (!id) throw bad(line, 'missing "id"')
  if (/\s/.test(id) || id.length > 200) throw bad(line, `invalid id ${JSON.stringify(id)}`)

  const rawStatus = text(obj.status).trim().toLowerCase() || 'open'
  const mapped = STATUS_MAP[rawStatus]
  if (mapped === 'tombstone') return 'tombstone'
  let status: Status
  if (mapped) {
    status = mapped
    if (mapped !== rawStatus && rawStatus !== 'in-progress') warnings.push(`line ${line}: ${id} has status "${rawStatus}", imported as ${mapped}`)
  } else {
    status = 'open'
    warnings.push(`line ${line}: ${id} has unknown status "${rawStatus}", imported as open`)
  }

  const title = text(obj.title).trim()
  if (!title) throw bad(line, `${id} has no title`)
  if ([...title].length > 500) throw bad(line, `${id} has a title longer than 500 characters`)

  let priority = 2
  if (obj.priority !== undefined && obj.priority !== null) {
    const p = typeof obj.priority === 'string' ? Number(obj.priority.replace(/^p/i, '')) : obj.priority
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 4) throw bad(line, `${id} has invalid priority ${JSON.stringify(obj.priority)} (0-4)`)
    priority = p
  }

  const rawType = text(obj.issue_type).trim().toLowerCase() || 'task'
  let issue_type = (TYPE_ALIASES[rawType] ?? rawType) as IssueType
  if (!ISSUE_TYPES.includes(issue_type)) {
    warnings.push(`line ${line}: ${id} has issue type "${rawType}", imported as task`)
    issue_type = 'task'
  }

  const created_at = normalizeTime(obj.created_at, line, 'created_at') ?? normalizeTime(obj.updated_at, line, 'updated_at') ?? new Date().toISOString()
  const updated_at = normalizeTime(obj.updated_at, line, 'updated_at') ?? created_at
  let closed_at = normalizeTime(obj.closed_at, line, 'closed_at')
  if (status === 'closed' && !closed_at) closed_at = updated_at
  if (status !== 'closed') closed_at = undefined

  let estimated_minutes: number | undefined
  if (obj.estimated_minutes !== undefined && obj.estimated_minutes !== null) {
    const n = Number(obj.estimated_minutes)
    if (!Number.isInteger(n) || n < 0) throw bad(line, `${id} has invalid estimated_minutes ${JSON.stringify(obj.estimated_minutes)}`)
    estimated_minutes = n
  }

  const labels = Array.isArray(obj.labels)
    ? [...new Set(obj.labels.map((l) => text(l).trim()).filter((l) => l.length > 0))].sort(compareText)
    : []

  const dependencies: JsonlDependency[] = []
  const seenTargets = new Set<string>()
  for (const d of Array.isArray(obj.dependencies) ? obj.dependencies : []) {
    if (!d || typeof d !== 'object') continue
    const dep = d as Record<string, unknown>
    const from = text(dep.issue_id).trim() || id
    const target = text(dep.depends_on_id).trim()
    if (from !== id) {
      warnings.push(`line ${line}: ${id} lists an edge of ${from}; ignored (each bead carries its own edges)`)
      continue
    }
    if (!target || target === id) continue
    if (seenTargets.has(target)) {
      warnings.push(`line ${line}: ${id} lists ${target} twice; the first edge is kept`)
      continue
    }
    const rawDepType = text(dep.type ?? dep.dep_type).trim().toLowerCase() || 'blocks'
    let type = rawDepType as DependencyType
    if (!DEPENDENCY_TYPES.includes(type)) {
      warnings.push(`line ${line}: ${id} → ${target} has edge type "${rawDepType}", imported as related`)
      type = 'related'
    }
    seenTargets.add(target)
    const created_by = text(dep.created_by).trim()
    dependencies.push({ issue_id: id, depends_on_id: target, type, created_at: normalizeTime(dep.created_at, line, 'dependency created_at') ?? created_at, ...(created_by ? { created_by } : {}) })
  }
  dependencies.sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.depends_on_id, b.depends_on_id))

  const comments: ImportRecord['comments'] = []
  for (const c of Array.isArray(obj.comments) ? obj.comments : []) {
    if (!c || typeof c !== 'object') continue
    const cm = c as Record<string, unknown>
    const body = text(cm.text ?? cm.body)
    if (!body.trim()) continue
    const cid = Number(cm.id)
    comments.push({
      ...(Number.isInteger(cid) && cid > 0 ? { id: cid } : {}),
      issue_id: id,
      author: text(cm.author).trim() || 'unknown',
      text: body,
      created_at: normalizeTime(cm.created_at, line, 'comment created_at') ?? updated_at,
    })
  }
  comments.sort((a, b) => compareText(a.created_at, b.created_at) || (a.id ?? 0) - (b.id ?? 0))

  const defer_until = normalizeTime(obj.defer_until, line, 'defer_until')
  const issue = toJsonlIssue(
    {
      id,
      title,
      description: text(obj.description),
      design: text(obj.design),
      acceptance_criteria: text(obj.acceptance_criteria),
      notes: text(obj.notes),
      status,
      priority,
      issue_type,
      assignee: text(obj.assignee).trim() || null,
      external_ref: text(obj.external_ref).trim() || null,
      estimated_minutes: estimated_minutes ?? null,
      created_at,
      updated_at,
      closed_at: closed_at ?? null,
      close_reason: status === 'closed' ? text(obj.close_reason) || 'Closed' : null,
      defer_until: defer_until ?? null,
      created_by: text(obj.created_by).trim() || null,
    },
    labels,
    dependencies,
  )
  return { line, issue, comments }
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
      hint: 'Resolve the conflict (keep both sides\' lines, drop the markers), or check out one side with `git checkout --theirs`/`--ours`, then run the command again. Nothing was imported.',
      fields: { lines: markers },
    })
  }
  const warnings: string[] = []
  const records: ImportRecord[] = []
  const tombstones: string[] = []
  const lines = content.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim()
    if (raw === '') continue
    const r = parseLine(raw, i + 1, warnings)
    if (r === 'tombstone') tombstones.push(JSON.parse(raw).id)
    else records.push(r)
  }
  return { records, warnings, tombstones }
}
