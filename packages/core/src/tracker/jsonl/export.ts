import { createHash } from 'node:crypto'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { IssuesTable, TrackerSchema } from '../schema.js'
import { compareTimes } from '../time-key.js'
import { type CommentRecord, type EdgeRecord, compareText, renderBead } from './format.js'

const BEAD_COLUMNS = [
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
  'external_ref',
  'estimated_minutes',
  'created_at',
  'updated_at',
  'closed_at',
  'close_reason',
  'defer_until',
  'created_by',
  'deleted_at',
  'deleted_by',
  'source_line',
  'line_current',
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

export interface BeadLine {
  id: string
  line: string
  /** True when the line was rendered now (the bead changed since its line was last read or written). */
  rendered: boolean
}

const CHUNK = 500

/**
 * Every bead's line (or the given beads'), sorted by id, tombstones included: the remembered line
 * when no command changed the bead since, else its canonical rendering (format.ts renderBead).
 * Labels, edges and comments are read only for the beads that need rendering.
 */
export async function beadLines(db: Kysely<TrackerSchema>, ids?: readonly string[]): Promise<BeadLine[]> {
  if (ids && ids.length === 0) return []
  const rows: Array<Pick<Selectable<IssuesTable>, (typeof BEAD_COLUMNS)[number]>> = []
  if (ids)
    for (let i = 0; i < ids.length; i += CHUNK)
      rows.push(
        ...(await db
          .selectFrom('issues')
          .select([...BEAD_COLUMNS])
          .where('id', 'in', ids.slice(i, i + CHUNK))
          .execute()),
      )
  else
    rows.push(
      ...(await db
        .selectFrom('issues')
        .select([...BEAD_COLUMNS])
        .execute()),
    )
  rows.sort((a, b) => compareText(a.id, b.id))
  const stale = rows.filter((r) => !(r.line_current === 1 && r.source_line !== null)).map((r) => r.id)
  const labels = new Map<string, string[]>()
  const deps = new Map<string, EdgeRecord[]>()
  const comments = new Map<string, CommentRecord[]>()
  for (let i = 0; i < stale.length; i += CHUNK) {
    const part = stale.slice(i, i + CHUNK)
    for (const [k, v] of groupBy(await db.selectFrom('labels').select(['issue_id', 'label']).where('issue_id', 'in', part).execute()))
      labels.set(k, v.map((l) => l.label).sort(compareText))
    for (const [k, v] of groupBy(
      await db
        .selectFrom('dependencies')
        .select(['issue_id', 'depends_on_id', 'type', 'created_at', 'created_by', 'source'])
        .where('issue_id', 'in', part)
        .execute(),
    )) {
      deps.set(
        k,
        v.sort((a, b) => compareTimes(a.created_at, b.created_at) || compareText(a.depends_on_id, b.depends_on_id) || compareText(a.type, b.type)),
      )
    }
    for (const [k, v] of groupBy(
      await db.selectFrom('comments').select(['id', 'issue_id', 'author', 'text', 'created_at', 'source']).where('issue_id', 'in', part).execute(),
    )) {
      comments.set(
        k,
        v.sort((a, b) => compareTimes(a.created_at, b.created_at) || a.id! - b.id!),
      )
    }
  }
  return rows.map((row) => {
    if (row.line_current === 1 && row.source_line !== null) return { id: row.id, line: row.source_line, rendered: false }
    const { source_line, line_current: _, ...bead } = row
    return { id: row.id, line: renderBead(bead, labels.get(row.id) ?? [], deps.get(row.id) ?? [], comments.get(row.id) ?? [], source_line), rendered: true }
  })
}

/** The whole JSONL file content: one line per bead, sorted by id, newline-terminated. */
export async function exportJsonl(db: Kysely<TrackerSchema>): Promise<string> {
  const lines = await beadLines(db)
  return lines.length ? lines.map((l) => l.line).join('\n') + '\n' : ''
}

/**
 * After the workspace file was written: the rendered lines become the beads' remembered lines, so
 * the next export (and the next import of this file) finds them unchanged.
 */
export async function rememberLines(db: Kysely<TrackerSchema>, lines: readonly BeadLine[]): Promise<void> {
  const rendered = lines.filter((l) => l.rendered)
  for (let i = 0; i < rendered.length; i += CHUNK) {
    const part = rendered.slice(i, i + CHUNK)
    await db
      .updateTable('issues')
      .set({
        source_line: sql<string>`CASE id ${sql.join(
          part.map((l) => sql`WHEN ${l.id} THEN ${l.line}`),
          sql` `,
        )} END`,
        line_current: 1,
      })
      .where(
        'id',
        'in',
        part.map((l) => l.id),
      )
      .execute()
  }
}

/** Hash of the file's bytes; chunks hash as their concatenation (never joined in memory). */
export function sha256(content: string | Buffer | readonly Buffer[]): string {
  const hash = createHash('sha256')
  for (const chunk of Array.isArray(content) ? content : [content as string | Buffer]) hash.update(chunk)
  return hash.digest('hex')
}
