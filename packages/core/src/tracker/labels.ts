import type { Kysely } from 'kysely'
import { type TrackerContext, recordEvent, touch, write } from './context.js'
import { resolveIds } from './resolve-id.js'
import type { TrackerSchema } from './schema.js'
import { TOMBSTONE } from './work-rules.js'
import { validateLabel } from './values.js'

export interface LabelChange {
  status: 'added' | 'removed'
  issue_id: string
  label: string
}

export interface LabelCount {
  label: string
  count: number
}

/**
 * Adds or removes one label on each bead, idempotently: a bead that already has it (or lacks it)
 * is reported but not touched. Changed beads get an event and a new updated_at (labels are part
 * of their JSONL line).
 */
export async function changeLabel(ctx: TrackerContext, inputs: readonly string[], labelInput: string, op: 'add' | 'remove'): Promise<LabelChange[]> {
  const label = validateLabel(labelInput)
  return write(ctx, async (trx) => {
    const ids = await resolveIds(trx, ctx.prefix, inputs)
    const changed: string[] = []
    for (const issue_id of ids) {
      if (op === 'add') {
        const res = await trx
          .insertInto('labels')
          .values({ issue_id, label })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst()
        if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) {
          await recordEvent(trx, ctx, { issue_id, event_type: 'label_added', new_value: label })
          changed.push(issue_id)
        }
      } else {
        const res = await trx.deleteFrom('labels').where('issue_id', '=', issue_id).where('label', '=', label).executeTakeFirst()
        if (Number(res.numDeletedRows) > 0) {
          await recordEvent(trx, ctx, { issue_id, event_type: 'label_removed', old_value: label })
          changed.push(issue_id)
        }
      }
    }
    await touch(trx, ctx, changed)
    return ids.map((issue_id) => ({ status: op === 'add' ? 'added' : 'removed', issue_id, label }))
  })
}

export async function labelsOf(db: Kysely<TrackerSchema>, id: string): Promise<string[]> {
  const rows = await db.selectFrom('labels').select('label').where('issue_id', '=', id).orderBy('label').execute()
  return rows.map((r) => r.label)
}

/** Every label in use with the number of beads carrying it, by label. */
export async function allLabels(db: Kysely<TrackerSchema>): Promise<LabelCount[]> {
  const rows = await db
    .selectFrom('labels')
    .innerJoin('issues', 'issues.id', 'labels.issue_id')
    .select((eb) => ['labels.label', eb.fn.countAll<number>().as('count')])
    .where('issues.status', '<>', TOMBSTONE)
    .groupBy('labels.label')
    .orderBy('labels.label')
    .execute()
  return rows.map((r) => ({ label: r.label, count: Number(r.count) }))
}
