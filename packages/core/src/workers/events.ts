import type { Selectable } from 'kysely'
import { DomainError } from '../errors.js'
import { type PoolContext, dbOf } from './context.js'
import type { WorkerEventsTable } from './schema.js'

export interface EventView {
  id: number
  at: string
  worker: string | null
  project: string | null
  bead: string | null
  type: string
  message: string | null
  data: Record<string, unknown> | null
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/** `--since`: a duration back from now (`30s`, `10m`, `2h`, `1d`) or a date/time. */
export function parseSince(input: string, now: Date): string {
  const m = /^(\d+)\s*([smhdw])$/i.exec(input.trim())
  if (m) return new Date(now.getTime() - Number(m[1]) * UNITS[m[2]!.toLowerCase()]! * 1000).toISOString()
  const t = Date.parse(input)
  if (Number.isNaN(t))
    throw new DomainError('INVALID_DATE', `invalid --since: ${JSON.stringify(input)}`, {
      hint: 'Use a duration (30s, 10m, 2h, 1d) or a date (2026-01-31T12:00).',
    })
  return new Date(t).toISOString()
}

/** The event log, oldest first: the last `limit` events (since `since`, when given). */
export async function listEvents(ctx: PoolContext, options: { since?: string; limit?: number; worker?: string } = {}): Promise<EventView[]> {
  let q = dbOf(ctx).selectFrom('worker_events').selectAll()
  if (options.since) q = q.where('at', '>=', parseSince(options.since, ctx.now()))
  if (options.worker) q = q.where('worker', '=', options.worker)
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50)
    .execute()
  return rows.reverse().map(eventView)
}

/** A worker_events row as `wt events` and the dashboard show it. */
export const eventView = (r: Selectable<WorkerEventsTable>): EventView => ({
  id: r.id,
  at: r.at,
  worker: r.worker,
  project: r.project,
  bead: r.bead,
  type: r.type,
  message: r.message,
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
})
