import type { Kysely } from 'kysely'
import { writeTransaction } from '../storage/write-transaction.js'
import { type TrackerContext, nowOf, recordEvent } from './context.js'
import { readyQuery } from './queries.js'
import { refreshReadiness } from './readiness.js'
import { resolveIds } from './resolve-id.js'
import type { TrackerSchema } from './schema.js'
import { TOMBSTONE } from './work-rules.js'

export interface DeletedBead {
  id: string
  title: string
  status: string
}

export interface DeleteResult {
  /** True when nothing was changed (no --force): this is what would happen. */
  preview: boolean
  deleted: DeletedBead[]
  /** Beads with an edge to a deleted bead: the edge stays in their line, pointing at the tombstone, and no longer blocks. */
  dependents: string[]
  /** Beads that become ready because their last open blocker (or blocked ancestor) goes. */
  now_ready: string[]
}

class Preview extends Error {
  constructor(readonly result: DeleteResult) {
    super('preview')
  }
}

async function readyIds(trx: Kysely<TrackerSchema>, now: Date): Promise<Set<string>> {
  return new Set((await readyQuery(trx, { limit: 0 }, now).execute()).map((r) => r.id))
}

/**
 * Deletes beads the way the public beads tracker does: each becomes a tombstone (status
 * `tombstone`, deleted_at, deleted_by), kept and exported so every clone learns of the deletion,
 * and hidden from every view. Its labels, comments and edges stay in its line; edges other beads
 * hold to it stay in theirs (their lines do not change) and stop blocking. Without `force` the same
 * work runs in a transaction that is rolled back, so the preview is exactly what --force would do.
 */
export async function deleteIssues(ctx: TrackerContext, inputs: readonly string[], options: { force?: boolean } = {}): Promise<DeleteResult> {
  try {
    return await writeTransaction(ctx.db, async (trx) => {
      const ids = await resolveIds(trx, ctx.prefix, inputs)
      const now = ctx.now?.() ?? new Date()
      const deleted = (await trx.selectFrom('issues').select(['id', 'title', 'status']).where('id', 'in', ids).orderBy('id').execute()) as DeletedBead[]
      const gone = new Set(ids)
      const edges = await trx.selectFrom('dependencies').select('issue_id').where('depends_on_id', 'in', ids).execute()
      const dependents = [...new Set(edges.map((e) => e.issue_id).filter((id) => !gone.has(id)))].sort()
      const before = await readyIds(trx, now)
      await trx
        .updateTable('issues')
        .set({ status: TOMBSTONE, deleted_at: nowOf(ctx), deleted_by: ctx.actor(), updated_at: nowOf(ctx) })
        .where('id', 'in', ids)
        .execute()
      for (const d of deleted) await recordEvent(trx, ctx, { issue_id: d.id, event_type: 'deleted', old_value: { title: d.title, status: d.status } })
      await refreshReadiness(trx, [...ids, ...dependents])
      const after = await readyIds(trx, now)
      const result: DeleteResult = {
        preview: !options.force,
        deleted,
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
