import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import { dialectOf } from '../storage/dialect.js'
import { type TrackerContext, nowOf, recordEvent, write } from './context.js'
import type { TrackerSchema } from './schema.js'

/** `--lease` alone: a lease is how long a claim holds, so there must be a claim. */
export const leaseNeedsClaim = () =>
  new DomainError('USAGE', '--lease needs --claim', {
    hint: 'A lease is how long a claim holds: bd ready --claim --lease 30m, or bd update ID --claim --lease 30m.',
  })

/**
 * Compare-and-swap: open and unassigned (or already ours) → assignee = actor, in_progress. The row
 * is read `FOR UPDATE` where rows lock (PostgreSQL), so a concurrent claimer waits and then sees the
 * winner; on SQLite the write lock already excludes. With `leaseMs` the claim holds until then;
 * claiming again (same actor) renews it.
 */
export async function claimInTransaction(trx: Kysely<TrackerSchema>, ctx: TrackerContext, id: string, leaseMs?: number): Promise<void> {
  const actor = ctx.actor()
  let read = trx.selectFrom('issues').select(['status', 'assignee', 'lease_until']).where('id', '=', id)
  if (dialectOf(trx).skipLocked) read = read.forUpdate()
  const row = await read.executeTakeFirstOrThrow()
  const now = nowOf(ctx)
  const lease_until = leaseMs === undefined ? undefined : new Date(new Date(now).getTime() + leaseMs).toISOString()
  if (row.assignee === actor && row.status === 'in_progress') {
    // Idempotent re-claim; with a lease, a renewal.
    if (lease_until === undefined) return
    await trx.updateTable('issues').set({ lease_until, updated_at: now }).where('id', '=', id).execute()
    await recordEvent(trx, ctx, { issue_id: id, event_type: 'lease_renewed', old_value: row.lease_until, new_value: lease_until })
    return
  }
  if (row.assignee && row.assignee.trim() !== '' && row.assignee !== actor) {
    throw new DomainError('ALREADY_CLAIMED', `${id} is already claimed by ${row.assignee}`, {
      hint: 'Pick another bead with `bd ready`, or ask the assignee to release it.',
      fields: { assignee: row.assignee },
    })
  }
  if (row.status !== 'open' && row.status !== 'in_progress') {
    throw new DomainError('NOT_CLAIMABLE', `${id} is not claimable: its status is ${row.status}`, {
      hint: row.status === 'closed' ? 'Reopen it first with `bd reopen`.' : 'Only open beads can be claimed.',
    })
  }
  const res = await trx
    .updateTable('issues')
    .set({ assignee: actor, status: 'in_progress', updated_at: now, lease_until: lease_until ?? null })
    .where('id', '=', id)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) throw new DomainError('NOT_CLAIMABLE', `${id} is not claimable`)
  await recordEvent(trx, ctx, {
    issue_id: id,
    event_type: 'claimed',
    old_value: row.assignee,
    new_value: actor,
    comment: lease_until ? `lease until ${lease_until}` : null,
  })
  if (row.status !== 'in_progress') await recordEvent(trx, ctx, { issue_id: id, event_type: 'status_changed', old_value: row.status, new_value: 'in_progress' })
}

/**
 * Claims whose lease has run out go back to open and unassigned, each with a `lease_expired` event.
 * Run before the views that show claims; costs one read of a small partial index when none lapsed.
 */
export async function releaseExpiredLeases(ctx: TrackerContext): Promise<string[]> {
  const now = nowOf(ctx)
  const due = (db: Kysely<TrackerSchema>) =>
    db.selectFrom('issues').select(['id', 'assignee', 'lease_until']).where('lease_until', 'is not', null).where('lease_until', '<=', now)
  if (!(await due(ctx.db).limit(1).executeTakeFirst())) return []
  return write(ctx, async (trx) => {
    const rows = await due(trx).where('status', '=', 'in_progress').execute()
    for (const r of rows) {
      await trx.updateTable('issues').set({ status: 'open', assignee: null, lease_until: null, updated_at: now }).where('id', '=', r.id).execute()
      await recordEvent(trx, ctx, {
        issue_id: r.id,
        event_type: 'lease_expired',
        old_value: r.assignee,
        new_value: null,
        comment: `lease ended ${r.lease_until}`,
      })
      await recordEvent(trx, ctx, { issue_id: r.id, event_type: 'status_changed', old_value: 'in_progress', new_value: 'open' })
    }
    // A lease left on a bead that is no longer in progress (closed by hand, say) just ends.
    await trx.updateTable('issues').set({ lease_until: null }).where('lease_until', '<=', now).where('status', '<>', 'in_progress').execute()
    return rows.map((r) => r.id)
  })
}
