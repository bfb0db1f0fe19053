import type { Kysely } from 'kysely'
import { writeTransaction } from '../storage/write-transaction.js'
import { type TrackerContext, recordEvent, touch } from './context.js'
import { refreshReadiness } from './readiness.js'
import { resolveIds } from './resolve-id.js'
import type { TrackerSchema } from './schema.js'

export interface DeletedBead {
  id: string
  title: string
  status: string
}

export interface DeleteResult {
  /** True when nothing was removed (no --force): this is what would happen. */
  preview: boolean
  deleted: DeletedBead[]
  /** Edges to or from the deleted beads that go with them. */
  dependencies_removed: number
  /** Beads that depended on a deleted bead (they lose that edge). */
  dependents: string[]
  /** Beads that become ready because their last open blocker (or blocked ancestor) goes. */
  now_ready: string[]
}

class Preview extends Error {
  constructor(readonly result: DeleteResult) {
    super('preview')
  }
}

async function readyIds(trx: Kysely<TrackerSchema>, now: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('issues')
    .select('id')
    .where('status', '=', 'open')
    .where('is_blocked', '=', 0)
    .where((eb) => eb.or([eb('effective_defer_until', 'is', null), eb('effective_defer_until', '<=', now)]))
    .execute()
  return new Set(rows.map((r) => r.id))
}

/**
 * Removes beads and every edge to or from them (foreign keys cascade), records a `deleted` event
 * each, and recomputes readiness for what depended on them. Without `force` the same work runs in
 * a transaction that is rolled back, so the preview is exactly what --force would do. Child
 * counters are left alone: a deleted child's number is never handed out again.
 */
export async function deleteIssues(ctx: TrackerContext, inputs: readonly string[], options: { force?: boolean } = {}): Promise<DeleteResult> {
  try {
    return await writeTransaction(ctx.db, async (trx) => {
      const ids = await resolveIds(trx, ctx.prefix, inputs)
      const now = (ctx.now?.() ?? new Date()).toISOString()
      const deleted = (await trx.selectFrom('issues').select(['id', 'title', 'status']).where('id', 'in', ids).orderBy('id').execute()) as DeletedBead[]
      const edges = await trx
        .selectFrom('dependencies')
        .select(['issue_id', 'depends_on_id', 'type'])
        .where((eb) => eb.or([eb('issue_id', 'in', ids), eb('depends_on_id', 'in', ids)]))
        .execute()
      const gone = new Set(ids)
      const dependents = [...new Set(edges.filter((e) => gone.has(e.depends_on_id) && !gone.has(e.issue_id)).map((e) => e.issue_id))].sort()
      const before = await readyIds(trx, now)
      await trx.deleteFrom('issues').where('id', 'in', ids).execute()
      for (const d of deleted) await recordEvent(trx, ctx, { issue_id: d.id, event_type: 'deleted', old_value: { title: d.title, status: d.status } })
      // Their edges were part of the dependents' JSONL lines: those beads changed too.
      for (const e of edges.filter((e) => gone.has(e.depends_on_id) && !gone.has(e.issue_id))) {
        await recordEvent(trx, ctx, { issue_id: e.issue_id, event_type: 'dependency_removed', old_value: { depends_on_id: e.depends_on_id, type: e.type }, comment: 'bead deleted' })
      }
      await touch(trx, ctx, dependents)
      await refreshReadiness(trx, dependents)
      const after = await readyIds(trx, now)
      const result: DeleteResult = {
        preview: !options.force,
        deleted,
        dependencies_removed: edges.length,
        dependents,
        now_ready: [...after].filter((id) => !before.has(id)).sort(),
      }
      if (!options.force) throw new Preview(result)
      await ctx.afterWrite?.(trx)
      return result
    })
  } catch (e) {
    if (e instanceof Preview) return e.result
    throw e
  }
}
