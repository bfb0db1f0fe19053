import type { PaneInfo } from '../adapters/tmux/tmux.js'
import { rollBackAbandonedSpawns } from './abandoned-spawns.js'
import { type PoolContext, dbOf, isoNow, recordEvent } from './context.js'

/** A row still being spawned has no session yet; after this long its spawner is presumed gone. */
const SPAWN_GRACE_MS = 5 * 60_000

/**
 * The disk is the truth: one `list-panes -a` call, then every live worker whose session vanished
 * becomes `dead` (kept, never deleted) and every one whose agent process ended becomes `exited`.
 * Returns the panes by session name for callers that need activity times.
 */
export async function reconcile(ctx: PoolContext): Promise<Map<string, PaneInfo>> {
  const panes = await ctx.tmux.listPanes()
  const bySession = new Map<string, PaneInfo>()
  for (const p of panes) if (!bySession.has(p.session)) bySession.set(p.session, p)
  for (const session of await rollBackAbandonedSpawns(ctx, new Set(bySession.keys()))) bySession.delete(session)
  const db = dbOf(ctx)
  const live = await db.selectFrom('workers').selectAll().where('ended_at', 'is', null).where('state', 'not in', ['dead']).execute()
  const now = ctx.now().getTime()
  for (const w of live) {
    const pane = bySession.get(w.session)
    let next: 'dead' | 'exited' | undefined
    if (!pane) {
      if (w.state === 'spawning' && now - Date.parse(w.created_at) < SPAWN_GRACE_MS) continue
      next = 'dead'
    } else if (pane.dead && w.state !== 'exited') next = 'exited'
    if (!next) continue
    const res = await db
      .updateTable('workers')
      .set({ state: next, state_at: isoNow(ctx) })
      .where('id', '=', w.id)
      .where('state', '=', w.state)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 1) {
      await recordEvent(ctx, { worker: w, type: next, message: next === 'dead' ? 'tmux session gone' : 'agent process ended', data: { from: w.state } })
    }
  }
  return bySession
}
