import type { Kysely } from 'kysely'
import { writeTransaction } from '../storage/write-transaction.js'
import type { EventType, TrackerSchema } from './schema.js'

/** What every tracker operation needs: the database, the workspace prefix and who is acting. */
export interface TrackerContext {
  db: Kysely<TrackerSchema>
  prefix: string
  actor: () => string
  /** Runs inside the write lock after a successful mutation (JSONL export hooks in here). */
  afterWrite?: (trx: Kysely<TrackerSchema>) => Promise<void>
  now?: () => Date
}

export const nowOf = (ctx: TrackerContext): string => (ctx.now?.() ?? new Date()).toISOString()

/** A write transaction with the after-write hook; `serialize: false` only for claims (dialect.ts). */
export function write<T>(ctx: TrackerContext, fn: (trx: Kysely<TrackerSchema>) => Promise<T>, options: { serialize?: boolean } = {}): Promise<T> {
  return writeTransaction(
    ctx.db,
    async (trx) => {
      const result = await fn(trx)
      await ctx.afterWrite?.(trx)
      return result
    },
    options,
  )
}

export interface EventInput {
  issue_id: string
  event_type: EventType
  old_value?: unknown
  new_value?: unknown
  comment?: string | null
}

const asText = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v))

export async function recordEvent(trx: Kysely<TrackerSchema>, ctx: TrackerContext, e: EventInput): Promise<void> {
  await trx
    .insertInto('events')
    .values({
      issue_id: e.issue_id,
      event_type: e.event_type,
      actor: ctx.actor(),
      old_value: asText(e.old_value),
      new_value: asText(e.new_value),
      comment: e.comment ?? null,
      created_at: nowOf(ctx),
    })
    .execute()
  // Every change to a bead's line records an event on it: its remembered source line no longer holds.
  await trx.updateTable('issues').set({ line_current: 0 }).where('id', '=', e.issue_id).where('line_current', '=', 1).execute()
}

/** Edges and labels live in the bead's JSONL line, so changing them must bump its updated_at. */
export async function touch(trx: Kysely<TrackerSchema>, ctx: TrackerContext, ids: string[]): Promise<void> {
  if (ids.length)
    await trx
      .updateTable('issues')
      .set({ updated_at: nowOf(ctx) })
      .where('id', 'in', ids)
      .execute()
}
