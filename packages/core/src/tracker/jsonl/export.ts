import { createHash } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync, writevSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Kysely } from 'kysely'
import type { TrackerSchema } from '../schema.js'
import { type IssueRecordRow, type JsonlDependency, type JsonlIssue, compareText, serializeLine, toJsonlIssue } from './format.js'

const ISSUE_COLUMNS = [
  'id', 'title', 'description', 'design', 'acceptance_criteria', 'notes', 'status', 'priority', 'issue_type', 'assignee',
  'external_ref', 'estimated_minutes', 'created_at', 'updated_at', 'closed_at', 'close_reason', 'defer_until', 'created_by',
] as const

function groupBy<T extends { issue_id: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const list = m.get(r.issue_id)
    if (list) list.push(r)
    else m.set(r.issue_id, [r])
  }
  return m
}

/**
 * Every bead (or the given ones) as beads-format objects, sorted by id, with labels (sorted),
 * outgoing dependencies (by creation time) and comments (by creation time) embedded.
 * Four queries whatever the number of beads.
 */
export async function jsonlIssues(db: Kysely<TrackerSchema>, ids?: readonly string[]): Promise<JsonlIssue[]> {
  if (ids && ids.length > CHUNK) {
    const out: JsonlIssue[] = []
    for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await jsonlIssues(db, ids.slice(i, i + CHUNK))))
    return out.sort((a, b) => compareText(a.id, b.id))
  }
  if (ids && ids.length === 0) return []
  let iq = db.selectFrom('issues').select([...ISSUE_COLUMNS])
  let lq = db.selectFrom('labels').select(['issue_id', 'label'])
  let dq = db.selectFrom('dependencies').select(['issue_id', 'depends_on_id', 'type', 'created_at', 'created_by'])
  let cq = db.selectFrom('comments').select(['id', 'issue_id', 'author', 'text', 'created_at'])
  if (ids) {
    iq = iq.where('id', 'in', ids)
    lq = lq.where('issue_id', 'in', ids)
    dq = dq.where('issue_id', 'in', ids)
    cq = cq.where('issue_id', 'in', ids)
  }
  const issues = (await iq.execute()) as IssueRecordRow[]
  const labels = groupBy(await lq.execute())
  const deps = groupBy(await dq.execute())
  const comments = groupBy(await cq.execute())
  issues.sort((a, b) => compareText(a.id, b.id))
  return issues.map((row) =>
    toJsonlIssue(
      row,
      (labels.get(row.id) ?? []).map((l) => l.label).sort(compareText),
      (deps.get(row.id) ?? [])
        .map((d): JsonlDependency => ({ issue_id: d.issue_id, depends_on_id: d.depends_on_id, type: d.type, created_at: d.created_at, ...(d.created_by ? { created_by: d.created_by } : {}) }))
        .sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.depends_on_id, b.depends_on_id)),
      (comments.get(row.id) ?? []).sort((a, b) => compareText(a.created_at, b.created_at) || a.id - b.id),
    ),
  )
}

const CHUNK = 500

/** The whole JSONL file content: one line per bead, sorted by id, newline-terminated. */
export async function exportJsonl(db: Kysely<TrackerSchema>): Promise<string> {
  const issues = await jsonlIssues(db)
  return issues.length ? issues.map(serializeLine).join('\n') + '\n' : ''
}

/** Hash of the file's bytes; chunks hash as their concatenation (never joined in memory). */
export function sha256(content: string | Buffer | readonly Buffer[]): string {
  const hash = createHash('sha256')
  for (const chunk of Array.isArray(content) ? content : [content as string | Buffer]) hash.update(chunk)
  return hash.digest('hex')
}

/** Writes `content` to a temp file beside `path`, fsyncs it, then renames it over `path`. */
export function writeFileAtomic(path: string, content: string | readonly Buffer[]): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  const fd = openSync(tmp, 'w', 0o644)
  try {
    if (typeof content === 'string') writeSync(fd, content)
    else writevSync(fd, content as Buffer[])
    fsyncSync(fd)
  } catch (e) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw e
  }
  closeSync(fd)
  try {
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}
