import type { Kysely, Updateable } from 'kysely'
import { DomainError } from '../errors.js'
import { type TrackerContext, nowOf, recordEvent, touch, write } from './context.js'
import { parseDeferUntil } from './dates.js'
import { readinessDependents, refreshReadiness } from './readiness.js'
import { claimInTransaction, leaseNeedsClaim } from './claims.js'
import { resolveIds } from './resolve-id.js'
import type { IssuesTable, Status, Stored, TrackerSchema } from './schema.js'
import type { UpdateInput } from './types.js'
import { parseEstimate, parseIssueType, parseLease, parsePriority, parseStatus, validateLabel, validateTitle } from './values.js'

/** True when `update` was given nothing to do (the command then prints "No updates specified"). */
export function isEmptyUpdate(input: UpdateInput): boolean {
  return Object.entries(input).every(([k, v]) => v === undefined || (Array.isArray(v) && v.length === 0) || (k === 'claim' && v === false))
}

type Patch = Updateable<IssuesTable>

function validatePatch(input: UpdateInput, now: Date): { patch: Patch; addLabels: string[]; removeLabels: string[] } {
  const patch: Patch = {}
  if (input.title !== undefined) patch.title = validateTitle(input.title)
  for (const k of ['description', 'design', 'acceptance_criteria', 'notes'] as const) if (input[k] !== undefined) patch[k] = input[k]
  if (input.status !== undefined) patch.status = parseStatus(input.status)
  if (input.priority !== undefined) patch.priority = parsePriority(input.priority)
  if (input.issue_type !== undefined) patch.issue_type = parseIssueType(input.issue_type)
  if (input.assignee !== undefined) patch.assignee = input.assignee.trim() || null
  if (input.external_ref !== undefined) patch.external_ref = input.external_ref.trim() || null
  if (input.estimated_minutes !== undefined) patch.estimated_minutes = input.estimated_minutes === '' ? null : parseEstimate(input.estimated_minutes)
  if (input.defer_until !== undefined) patch.defer_until = parseDeferUntil(input.defer_until, now)
  return {
    patch,
    addLabels: [...new Set((input.add_labels ?? []).map(validateLabel))],
    removeLabels: [...new Set((input.remove_labels ?? []).map(validateLabel))],
  }
}

/** Open blockers (`blocks` edges to beads that are not closed), excluding beads in `closingTogether`. */
export async function openBlockers(trx: Kysely<TrackerSchema>, id: string, closingTogether: readonly string[] = []): Promise<string[]> {
  const rows = await trx
    .selectFrom('dependencies')
    .innerJoin('issues', 'issues.id', 'dependencies.depends_on_id')
    .select('issues.id')
    .where('dependencies.issue_id', '=', id)
    .where('dependencies.type', '=', 'blocks')
    .where('issues.status', '<>', 'closed')
    .orderBy('issues.id')
    .execute()
  return rows.map((r) => r.id).filter((b) => !closingTogether.includes(b))
}

export function blockersError(id: string, blockers: string[]): DomainError {
  return new DomainError('HAS_OPEN_BLOCKERS', `cannot close ${id}: blocked by open ${blockers.join(', ')}`, {
    hint: `Close the blockers first, or pass --force to close ${id} anyway.`,
    fields: { blocked_by: blockers },
  })
}

/** Applies a status transition's side fields (closed_at, close_reason) and its event. */
export async function setStatus(
  trx: Kysely<TrackerSchema>,
  ctx: TrackerContext,
  id: string,
  from: Stored<Status>,
  to: Status,
  reason: string | null,
  extra: Patch = {},
): Promise<void> {
  const now = nowOf(ctx)
  const fields: Patch = { ...extra, status: to, updated_at: now }
  if (to === 'closed') {
    fields.closed_at = now
    fields.close_reason = reason ?? 'Closed'
  } else {
    fields.closed_at = null
    fields.close_reason = null
  }
  // A lease is a claim's; the claim ends when the bead leaves in_progress.
  if (to !== 'in_progress') fields.lease_until = null
  await trx.updateTable('issues').set(fields).where('id', '=', id).execute()
  const event_type = to === 'closed' ? 'closed' : from === 'closed' ? 'reopened' : 'status_changed'
  await recordEvent(trx, ctx, { issue_id: id, event_type, old_value: from, new_value: to, comment: reason })
  await refreshReadiness(trx, await readinessDependents(trx, id))
}

export async function updateIssues(ctx: TrackerContext, inputs: readonly string[], input: UpdateInput): Promise<string[]> {
  const now = nowOf(ctx)
  const { patch, addLabels, removeLabels } = validatePatch(input, new Date(now))
  if (input.lease !== undefined && !input.claim) throw leaseNeedsClaim()
  const leaseMs = input.lease === undefined ? undefined : parseLease(input.lease)
  // A claim alone touches one row: on PostgreSQL its row lock is enough, graph writes need not wait.
  const claimOnly = Object.entries(input).every(([k, v]) => k === 'claim' || k === 'lease' || v === undefined || (Array.isArray(v) && v.length === 0))
  return write(
    ctx,
    async (trx) => {
      const ids = await resolveIds(trx, ctx.prefix, inputs)
      for (const id of ids) {
        if (input.claim) await claimInTransaction(trx, ctx, id, leaseMs)
        const before = await trx.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
        const { status, ...fields } = patch
        if (fields.external_ref) {
          const holder = await trx.selectFrom('issues').select('id').where('external_ref', '=', fields.external_ref).where('id', '<>', id).executeTakeFirst()
          if (holder) throw new DomainError('DUPLICATE', `external ref ${JSON.stringify(fields.external_ref)} is already used by ${holder.id}`)
        }
        const changed: Patch = {}
        for (const [k, v] of Object.entries(fields) as Array<[keyof Patch, unknown]>) {
          if ((before as Record<string, unknown>)[k] !== v) (changed as Record<string, unknown>)[k] = v
        }
        if (input.append_notes !== undefined && input.append_notes !== '') {
          const base = (changed.notes as string | undefined) ?? before.notes
          changed.notes = base ? `${base}\n${input.append_notes}` : input.append_notes
        }
        if (Object.keys(changed).length) {
          await trx
            .updateTable('issues')
            .set({ ...changed, ...('assignee' in changed ? { lease_until: null } : {}), updated_at: now })
            .where('id', '=', id)
            .execute()
          const old: Record<string, unknown> = {}
          for (const k of Object.keys(changed)) if (k !== 'effective_defer_until') old[k] = (before as Record<string, unknown>)[k]
          const { effective_defer_until: _, ...shown } = changed
          await recordEvent(trx, ctx, { issue_id: id, event_type: 'updated', old_value: old, new_value: shown })
          if ('defer_until' in changed) await refreshReadiness(trx, [id])
        }
        if (status !== undefined) {
          const current = (await trx.selectFrom('issues').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status
          if (current !== status) {
            if (status === 'closed') {
              const blockers = await openBlockers(trx, id, ids)
              if (blockers.length) throw blockersError(id, blockers)
            }
            await setStatus(trx, ctx, id, current, status as Status, null)
          }
        }
        for (const label of addLabels) {
          const res = await trx
            .insertInto('labels')
            .values({ issue_id: id, label })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst()
          if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) await recordEvent(trx, ctx, { issue_id: id, event_type: 'label_added', new_value: label })
        }
        for (const label of removeLabels) {
          const res = await trx.deleteFrom('labels').where('issue_id', '=', id).where('label', '=', label).executeTakeFirst()
          if (Number(res.numDeletedRows) > 0) await recordEvent(trx, ctx, { issue_id: id, event_type: 'label_removed', old_value: label })
        }
        if (addLabels.length || removeLabels.length) await touch(trx, ctx, [id])
      }
      return ids
    },
    { serialize: !claimOnly },
  )
}

export async function closeIssues(ctx: TrackerContext, inputs: readonly string[], options: { reason?: string; force?: boolean }): Promise<string[]> {
  const reason = options.reason?.trim() || 'Closed'
  return write(ctx, async (trx) => {
    const ids = await resolveIds(trx, ctx.prefix, inputs)
    for (const id of ids) {
      const { status } = await trx.selectFrom('issues').select('status').where('id', '=', id).executeTakeFirstOrThrow()
      if (status === 'closed') continue // closing twice is harmless; the first reason stands
      if (!options.force) {
        const blockers = await openBlockers(trx, id, ids)
        if (blockers.length) throw blockersError(id, blockers)
      }
      await setStatus(trx, ctx, id, status, 'closed', reason)
    }
    return ids
  })
}

export async function reopenIssues(ctx: TrackerContext, inputs: readonly string[], options: { reason?: string }): Promise<string[]> {
  return write(ctx, async (trx) => {
    const ids = await resolveIds(trx, ctx.prefix, inputs)
    for (const id of ids) {
      const { status } = await trx.selectFrom('issues').select('status').where('id', '=', id).executeTakeFirstOrThrow()
      if (status !== 'closed') throw new DomainError('INVALID_STATUS', `cannot reopen ${id}: it is ${status}, not closed`)
      await setStatus(trx, ctx, id, status, 'open', options.reason?.trim() || null)
    }
    return ids
  })
}
