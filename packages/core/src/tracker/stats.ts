import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import { DomainError } from '../errors.js'
import { applyFilter, applySort, type IssueFilter, normalizeFilter, toSort } from './filters.js'
import { issueColumns, toIssue } from './rows.js'
import type { TrackerSchema } from './schema.js'
import type { Issue, ListFilter } from './types.js'
import { parseLimit } from './values.js'
import { keyOf } from './time-key.js'
import { READY_SQL, TOMBSTONE } from './work-rules.js'

export interface Stats {
  summary: {
    total_issues: number
    open_issues: number
    in_progress_issues: number
    closed_issues: number
    /** Not closed, and held back by an open blocker (directly or through an ancestor) or marked blocked. */
    blocked_issues: number
    deferred_issues: number
    /** What `bd ready` would list (without its limit). */
    ready_issues: number
    /** Mean hours from creation to close over closed beads (0 when none). */
    average_lead_time_hours: number
  }
}

/** One aggregate query over the issues table (readiness is kept current on write). */
export async function stats(db: Kysely<TrackerSchema>, now: Date): Promise<Stats> {
  const nowKey = keyOf(now)
  const { epochSeconds } = dialectOf(db)
  const n1 = (cond: ReturnType<typeof sql>) => sql`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`
  const r = await sql<Record<string, number | null>>`
    SELECT
      COUNT(*) AS total,
      ${n1(sql`status = 'open'`)} AS open,
      ${n1(sql`status = 'in_progress'`)} AS in_progress,
      ${n1(sql`status = 'closed'`)} AS closed,
      ${n1(sql`status <> 'closed' AND (is_blocked = 1 OR status = 'blocked')`)} AS blocked,
      ${n1(sql`status = 'deferred'`)} AS deferred,
      ${n1(sql`${sql.raw(READY_SQL)} AND (effective_defer_until IS NULL OR effective_defer_until <= ${nowKey})`)} AS ready,
      AVG(CASE WHEN status = 'closed' AND closed_at IS NOT NULL THEN (${epochSeconds(sql.ref('closed_at'))} - ${epochSeconds(sql.ref('created_at'))}) / 3600.0 END) AS lead
    FROM issues WHERE status <> ${TOMBSTONE}`.execute(db)
  const row = r.rows[0] ?? {}
  const n = (k: string) => Number(row[k] ?? 0)
  return {
    summary: {
      total_issues: n('total'),
      open_issues: n('open'),
      in_progress_issues: n('in_progress'),
      closed_issues: n('closed'),
      blocked_issues: n('blocked'),
      deferred_issues: n('deferred'),
      ready_issues: n('ready'),
      average_lead_time_hours: Math.round(n('lead') * 100) / 100,
    },
  }
}

export const COUNT_GROUPS = ['status', 'priority', 'type', 'assignee', 'label'] as const
export type CountGroup = (typeof COUNT_GROUPS)[number]

export type CountResult = { count: number } | { total: number; groups: Array<{ group: string; count: number }> }

/**
 * `bd count`: how many beads match the list filters (closed ones only with --all or --status),
 * optionally grouped. Shapes follow beads: `{count}` or `{total, groups:[{group,count}]}`; a bead
 * with several labels counts once per label; groups are sorted by name.
 */
export async function countIssues(db: Kysely<TrackerSchema>, f: ListFilter & { parentId?: string }, by?: CountGroup): Promise<CountResult> {
  const filter = normalizeFilter<IssueFilter>(f)
  let q = applyFilter(db.selectFrom('issues').select(['issues.id', 'issues.status', 'issues.priority', 'issues.issue_type', 'issues.assignee']), filter)
  if (!f.all && !filter.status?.length) q = q.where('issues.status', '<>', 'closed')
  const rows = await q.execute()
  if (!by) return { count: rows.length }
  const counts = new Map<string, number>()
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1)
  if (by === 'label') {
    const labels = new Map<string, string[]>()
    const ids = rows.map((r) => r.id)
    for (let i = 0; i < ids.length; i += 500) {
      for (const l of await db
        .selectFrom('labels')
        .select(['issue_id', 'label'])
        .where('issue_id', 'in', ids.slice(i, i + 500))
        .execute()) {
        labels.set(l.issue_id, [...(labels.get(l.issue_id) ?? []), l.label])
      }
    }
    for (const r of rows) {
      const ls = labels.get(r.id)
      if (ls?.length) ls.forEach(bump)
      else bump('(no labels)')
    }
  } else {
    for (const r of rows) {
      bump(by === 'status' ? r.status : by === 'priority' ? `P${r.priority}` : by === 'type' ? r.issue_type : r.assignee?.trim() || '(unassigned)')
    }
  }
  const groups = [...counts].map(([group, count]) => ({ group, count })).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
  return { total: rows.length, groups }
}

export function parseCountGroup(input: string): CountGroup {
  const g = input.trim().toLowerCase() as CountGroup
  if (!COUNT_GROUPS.includes(g))
    throw new DomainError('INVALID_VALUE', `cannot group by ${JSON.stringify(input)}`, { hint: `Use one of: ${COUNT_GROUPS.join(', ')}.` })
  return g
}

/**
 * `bd stale --days N`: beads not updated for N days, oldest update first. Closed beads only with
 * --status closed. Default 30 days, limit 50.
 */
export async function staleIssues(db: Kysely<TrackerSchema>, days: number | string, f: ListFilter & { parentId?: string }, now: Date): Promise<Issue[]> {
  const d = Number(days)
  if (!Number.isFinite(d) || d < 0)
    throw new DomainError('INVALID_VALUE', `invalid number of days: ${JSON.stringify(String(days))}`, { hint: 'Use a whole number of days, e.g. --days 30.' })
  const cutoff = (now.getTime() - d * 86_400_000) / 1000
  const filter = normalizeFilter<IssueFilter>(f)
  const limit = f.limit === undefined ? 50 : parseLimit(f.limit)
  // updated_at is kept as written (any offset): compare and order by the moment it names.
  const updated = dialectOf(db).epochSeconds(sql.ref('issues.updated_at'))
  let q = applyFilter(db.selectFrom('issues').select(issueColumns(db)), filter).where(updated, '<', cutoff)
  if (!filter.status?.length) q = q.where('issues.status', '<>', 'closed')
  q = f.sort ? applySort(q, toSort(f.sort), now) : q.orderBy(updated).orderBy('issues.id')
  if (limit > 0) q = q.limit(limit)
  return (await q.execute()).map(toIssue)
}
