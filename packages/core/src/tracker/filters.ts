import { type SelectQueryBuilder, sql } from 'kysely'
import { parsePriority, parseSort, parseStatusFilter, parseTypeFilter, type Sort } from './values.js'
import type { TrackerSchema } from './schema.js'
import { keyOf } from './time-key.js'
import { TOMBSTONE } from './work-rules.js'
import type { ListFilter } from './types.js'

/** A filter after id resolution: `parentId` is a resolved bead id. */
export type IssueFilter = Omit<ListFilter, 'parent' | 'all' | 'limit' | 'sort'> & { parentId?: string }

/** Validates every filter value up front, so a bad one fails before any query runs. */
export function normalizeFilter<F extends IssueFilter>(f: F): F {
  return {
    ...f,
    status: f.status?.map(parseStatusFilter),
    priority: f.priority?.map(parsePriority),
    issue_type: f.issue_type?.map(parseTypeFilter),
  }
}

type IssueQuery<O> = SelectQueryBuilder<TrackerSchema, 'issues', O>

/** Every view's filters; tombstones (deleted beads) are never shown. */
export function applyFilter<O>(qb: IssueQuery<O>, f: IssueFilter): IssueQuery<O> {
  let q = qb.where('issues.status', '<>', TOMBSTONE)
  if (f.status?.length) q = q.where('issues.status', 'in', f.status as never)
  if (f.priority?.length) q = q.where('issues.priority', 'in', f.priority.map(Number))
  if (f.issue_type?.length) q = q.where('issues.issue_type', 'in', f.issue_type as never)
  if (f.assignee !== undefined) q = q.where('issues.assignee', '=', f.assignee)
  if (f.unassigned) q = q.where((eb) => eb.or([eb('issues.assignee', 'is', null), eb('issues.assignee', '=', '')]))
  for (const label of f.labels ?? []) {
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('labels').select('labels.label').whereRef('labels.issue_id', '=', 'issues.id').where('labels.label', '=', label)),
    )
  }
  if (f.labels_any?.length) {
    const any = f.labels_any
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('labels').select('labels.label').whereRef('labels.issue_id', '=', 'issues.id').where('labels.label', 'in', any)),
    )
  }
  if (f.parentId) {
    q = q.where(
      'issues.id',
      'in',
      sql<string>`(WITH RECURSIVE down(id) AS (
        SELECT issue_id FROM dependencies WHERE depends_on_id = ${f.parentId} AND type = 'parent-child'
        UNION SELECT d.issue_id FROM dependencies d JOIN down ON d.depends_on_id = down.id WHERE d.type = 'parent-child'
      ) SELECT id FROM down)`,
    )
  }
  return q
}

/**
 * Creation order is `created_order`, the full-precision key of created_at (time-key.ts).
 * priority: priority, then oldest, then id (FIFO within a tier, so old work is not starved).
 * oldest: creation time, then id. hybrid (as beads): beads younger than 48 h by priority first,
 * then older ones oldest-first.
 */
export function applySort<O>(qb: IssueQuery<O>, sort: Sort = 'priority', now = new Date()): IssueQuery<O> {
  if (sort === 'oldest') return qb.orderBy('issues.created_order').orderBy('issues.id')
  if (sort === 'hybrid') {
    const cutoff = keyOf(new Date(now.getTime() - 48 * 3_600_000))
    return qb
      .orderBy(sql`CASE WHEN issues.created_order >= ${cutoff} THEN 0 ELSE 1 END`)
      .orderBy(sql`CASE WHEN issues.created_order >= ${cutoff} THEN issues.priority ELSE 0 END`)
      .orderBy('issues.created_order')
      .orderBy('issues.id')
  }
  return qb.orderBy('issues.priority').orderBy('issues.created_order').orderBy('issues.id')
}

export const toSort = (s: string | undefined): Sort => (s === undefined ? 'priority' : parseSort(s))
