import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import type { TrackerSchema } from './schema.js'
import { timeKey } from './time-key.js'
import { BLOCKER_STATUSES_SQL, TOMBSTONE } from './work-rules.js'

interface Row {
  id: string
  status: string
  defer_until: string | null
  is_blocked: number
  effective_defer_until: string | null
  open_blockers: number
}

/**
 * Recomputes `is_blocked` and `effective_defer_until` for `seeds` and all their descendants
 * (through parent-child), inside the caller's write transaction, so `ready` stays one indexed query.
 *
 * is_blocked(x) = x has a `blocks` blocker whose status still holds (work-rules.ts BLOCKER_STATUSES:
 *              a closed, deleted, missing or `external:` target never blocks)
 *              or some parent p (not deleted) is blocked, or has status blocked/deferred.
 * effective_defer_until(x) = the latest defer_until of x and its ancestors, as a time key.
 * A parent's own open children never block it (parent-child edges point child → parent).
 */
export async function refreshReadiness(trx: Kysely<TrackerSchema>, seeds: Iterable<string>): Promise<number> {
  const seedList = [...new Set(seeds)]
  if (seedList.length === 0) return 0
  const dialect = dialectOf(trx)
  const rows = await sql<Row & { parents: string | null }>`
    WITH RECURSIVE affected(id) AS (
      ${dialect.idList(seedList)}
      UNION
      SELECT d.issue_id FROM dependencies d JOIN affected a ON d.depends_on_id = a.id WHERE d.type = 'parent-child'
    )
    SELECT i.id, i.status, i.defer_until, i.is_blocked, i.effective_defer_until,
      EXISTS (SELECT 1 FROM dependencies d JOIN issues b ON b.id = d.depends_on_id
              WHERE d.issue_id = i.id AND d.type = 'blocks' AND d.depends_on_id <> i.id AND b.status IN ${sql.raw(BLOCKER_STATUSES_SQL)}) AS open_blockers,
      ${dialect.jsonArray(sql`SELECT d.depends_on_id FROM dependencies d WHERE d.issue_id = i.id AND d.type = 'parent-child'`, 'depends_on_id')} AS parents
    FROM issues i JOIN affected a ON a.id = i.id`.execute(trx)

  const byId = new Map(rows.rows.map((r) => [r.id, { ...r, parentIds: JSON.parse(r.parents ?? '[]') as string[] }]))
  // Parents outside the affected set keep their stored values; fetch them once.
  const outside = [...new Set([...byId.values()].flatMap((r) => r.parentIds).filter((p) => !byId.has(p)))]
  const external = new Map<string, Row>()
  if (outside.length > 0) {
    const ext = await trx
      .selectFrom('issues')
      .select(['id', 'status', 'defer_until', 'is_blocked', 'effective_defer_until'])
      .where('id', 'in', outside)
      .execute()
    for (const e of ext) external.set(e.id, { ...e, open_blockers: 0 })
  }

  const computed = new Map<string, { blocked: boolean; deferUntil: string | null }>()
  const visiting = new Set<string>()
  const compute = (id: string): { blocked: boolean; deferUntil: string | null; status: string } | undefined => {
    const row = byId.get(id)
    if (!row) {
      const e = external.get(id)
      return e && { blocked: e.is_blocked === 1, deferUntil: e.effective_defer_until, status: e.status }
    }
    const done = computed.get(id)
    if (done) return { ...done, status: row.status }
    if (visiting.has(id)) return { blocked: false, deferUntil: null, status: row.status } // cycles are refused on write; never loop
    visiting.add(id)
    let blocked = Number(row.open_blockers) === 1 // a boolean on PostgreSQL
    let deferUntil = row.defer_until === null ? null : (timeKey(row.defer_until) ?? null)
    for (const p of row.parentIds) {
      const parent = compute(p)
      if (!parent || parent.status === TOMBSTONE) continue
      if (parent.blocked || parent.status === 'blocked' || parent.status === 'deferred') blocked = true
      if (parent.deferUntil && (!deferUntil || parent.deferUntil > deferUntil)) deferUntil = parent.deferUntil
    }
    visiting.delete(id)
    const result = { blocked, deferUntil }
    computed.set(id, result)
    return { ...result, status: row.status }
  }

  let changed = 0
  for (const row of byId.values()) {
    const next = compute(row.id)!
    if ((row.is_blocked === 1) !== next.blocked || row.effective_defer_until !== next.deferUntil) {
      await trx
        .updateTable('issues')
        .set({ is_blocked: next.blocked ? 1 : 0, effective_defer_until: next.deferUntil })
        .where('id', '=', row.id)
        .execute()
      changed++
    }
  }
  return changed
}

/** Beads whose readiness depends on `id`'s status: the beads it blocks, and itself (for its children). */
export async function readinessDependents(trx: Kysely<TrackerSchema>, id: string): Promise<string[]> {
  const rows = await trx.selectFrom('dependencies').select('issue_id').where('depends_on_id', '=', id).where('type', '=', 'blocks').execute()
  return [id, ...rows.map((r) => r.issue_id)]
}
