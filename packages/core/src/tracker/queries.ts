import { type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import { applyFilter, applySort, type IssueFilter, normalizeFilter, toSort } from './filters.js'
import { issueColumns, type IssueRow, toIssue } from './rows.js'
import type { TrackerSchema } from './schema.js'
import { keyOf } from './time-key.js'
import { BLOCKER_STATUSES_SQL, READY_SQL, TOMBSTONE } from './work-rules.js'
import type { BlockedIssue, Issue, ListFilter, ReadyFilter, ReadyIssue } from './types.js'
import { parseLimit } from './values.js'

export async function listIssues(db: Kysely<TrackerSchema>, f: ListFilter & { parentId?: string }): Promise<Issue[]> {
  const filter = normalizeFilter<IssueFilter>(f)
  const sort = toSort(f.sort)
  const limit = f.limit === undefined ? 50 : parseLimit(f.limit)
  let q = applyFilter(db.selectFrom('issues').select(issueColumns(db)), filter)
  if (!f.all && !filter.status?.length) q = q.where('issues.status', '<>', 'closed')
  q = applySort(q, sort)
  if (limit > 0) q = q.limit(limit)
  return (await q.execute()).map(toIssue)
}

/**
 * Ready = open, not blocked (kept current on write), work (not pinned, not ephemeral, not a
 * non-work type: work-rules.ts), not deferred (own or ancestor's date).
 * One scan of the `issues_ready` partial index in the default order.
 */
export function readyQuery(db: Kysely<TrackerSchema>, f: ReadyFilter & { parentId?: string }, now: Date) {
  const filter = normalizeFilter<IssueFilter>(f)
  const limit = f.limit === undefined ? 100 : parseLimit(f.limit)
  let q = db
    .selectFrom('issues')
    .select(issueColumns(db))
    .select(countColumns)
    // Literals, not parameters: SQLite can then prove the `issues_ready` partial index applies.
    .where(sql<SqlBool>`${sql.raw(READY_SQL)}`)
    .where((eb) => eb.or([eb('issues.effective_defer_until', 'is', null), eb('issues.effective_defer_until', '<=', keyOf(now))]))
  q = applySort(applyFilter(q, filter), toSort(f.sort), now)
  if (limit > 0) q = q.limit(limit)
  return q
}

/** The counts `ready` adds to each bead. */
export const countColumns = (eb: ExpressionBuilder<TrackerSchema, 'issues'>) =>
  [
    eb.selectFrom('dependencies').select(eb.fn.countAll<number>().as('n')).whereRef('dependencies.issue_id', '=', 'issues.id').as('dependency_count'),
    eb.selectFrom('dependencies').select(eb.fn.countAll<number>().as('n')).whereRef('dependencies.depends_on_id', '=', 'issues.id').as('dependent_count'),
    eb.selectFrom('comments').select(eb.fn.countAll<number>().as('n')).whereRef('comments.issue_id', '=', 'issues.id').as('comment_count'),
  ] as const

export const toReadyIssue = (r: IssueRow & { dependency_count: number | null; dependent_count: number | null; comment_count: number | null }): ReadyIssue => ({
  ...toIssue(r),
  dependency_count: Number(r.dependency_count ?? 0),
  dependent_count: Number(r.dependent_count ?? 0),
  comment_count: Number(r.comment_count ?? 0),
})

export async function readyIssues(db: Kysely<TrackerSchema>, f: ReadyFilter & { parentId?: string }, now: Date): Promise<ReadyIssue[]> {
  return (await readyQuery(db, f, now).execute()).map(toReadyIssue)
}

export async function readyIssueById(db: Kysely<TrackerSchema>, id: string): Promise<ReadyIssue> {
  return toReadyIssue(await db.selectFrom('issues').select(issueColumns(db)).select(countColumns).where('issues.id', '=', id).executeTakeFirstOrThrow())
}

/** Beads held back by open blockers (directly or through an ancestor) and beads marked blocked/deferred. */
export async function blockedIssues(db: Kysely<TrackerSchema>, f: ReadyFilter & { parentId?: string }): Promise<BlockedIssue[]> {
  const filter = normalizeFilter<IssueFilter>(f)
  const limit = f.limit === undefined ? 0 : parseLimit(f.limit)
  let q = db
    .selectFrom('issues')
    .select(issueColumns(db))
    .select(
      dialectOf(db)
        .jsonArray(
          sql`
        SELECT b.id FROM dependencies d JOIN issues b ON b.id = d.depends_on_id
        WHERE d.issue_id = issues.id AND d.type = 'blocks' AND d.depends_on_id <> issues.id AND b.status IN ${sql.raw(BLOCKER_STATUSES_SQL)}
        UNION
        SELECT p.id FROM dependencies d JOIN issues p ON p.id = d.depends_on_id
        WHERE d.issue_id = issues.id AND d.type = 'parent-child' AND p.status <> ${TOMBSTONE} AND (p.is_blocked = 1 OR p.status IN ('blocked', 'deferred'))
        ORDER BY 1`,
          'id',
        )
        .as('blocked_by_json'),
    )
    .where('issues.status', '<>', 'closed')
    .where((eb) => eb.or([eb('issues.is_blocked', '=', 1), eb('issues.status', 'in', ['blocked', 'deferred'])]))
  q = applySort(applyFilter(q, filter), toSort(f.sort))
  if (limit > 0) q = q.limit(limit)
  return (await q.execute()).map((r) => {
    const blocked_by = JSON.parse(r.blocked_by_json ?? '[]') as string[]
    return { ...toIssue(r), blocked_by, blocked_by_count: blocked_by.length }
  })
}
