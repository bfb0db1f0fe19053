import { isDomainError } from '../errors.js'
import { type BriefJson, composeBrief } from './rules/brief-text.js'
import type { WorkerState } from './rules/states.js'
import { type PoolContext, dbOf } from './context.js'
import { parseSince } from './events.js'
import { observeWorkers } from './observe.js'
import { readyAcrossProjects } from './ready.js'
import { conflictSteps } from '../landing/conflicts.js'

/** Without `--since`, the hand-off covers what ended in the last 12 hours (a night). */
const DEFAULT_SINCE = '12h'

export interface Briefing {
  text: string
  json: BriefJson
}

/**
 * `wt brief`: the hand-off for a fresh hub session, built only from disk — the registry, one
 * observation of every live worker, the workers that ended since `since`, and the ready beads
 * waiting for a free slot.
 */
export async function briefing(ctx: PoolContext, options: { since?: string } = {}): Promise<Briefing> {
  const since = parseSince(options.since ?? DEFAULT_SINCE, ctx.now())
  const { views } = await observeWorkers(ctx)
  const ended = await dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', '>=', since).orderBy('ended_at', 'desc').limit(20).execute()
  let ready: number | null = null
  try {
    ready = (await readyAcrossProjects(ctx, { unassigned: true })).length
  } catch (e) {
    if (!isDomainError(e)) throw e
  }
  // A repository that cannot be read (moved, broken) must not cost the hand-off: wt conflicts says why.
  const conflicts = views.length ? await conflictSteps(ctx) : []
  return composeBrief({
    conflicts,
    now: ctx.now(),
    since: new Date(since),
    workers: views.map((v) => ({ ...v, state: v.state as WorkerState, idle_seconds: v.idle_seconds ?? 0, action: v.action ?? undefined })),
    ended: ended.map((w) => ({
      name: w.name,
      bead: w.bead,
      title: w.title,
      outcome: w.end_reason ?? 'ended',
      ended_at: new Date(w.ended_at!),
      message: w.signal_message,
    })),
    capacity: { max: ctx.config.settings().maxWorkers, ready },
  })
}
