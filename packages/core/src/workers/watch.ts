import { isDomainError } from '../errors.js'
import { type Notifiers, type NotifyMode, notifyPlan } from './rules/notify.js'
import { planNudges } from './rules/nudge.js'
import { emptyWatchMemory, memoryKey, type WatchMemory } from './watch-tick.js'
import type { Alert } from './rules/transitions.js'
import type { WorkerState } from './rules/states.js'
import { type PoolContext, dbOf, isoNow, recordEvent } from './context.js'
import { observeWorkers, watchConfigOf, type WorkerView } from './observe.js'
import { resolveExecutable, runProgram } from '../adapters/processes.js'
import { sendToWorker } from './talk.js'
import { parseConfigValue } from './rules/settings.js'
import { findingKeys, predictConflicts } from '../landing/conflicts.js'
import { conflictActions } from '../landing/overlap.js'

export interface NudgeOutcome {
  name: string
  reason: 'idle' | 'interrupted' | 'stuck'
  delivered: boolean
  error?: string
}

export interface WatchStep {
  at: string
  views: WorkerView[]
  alerts: Alert[]
  nudges: NudgeOutcome[]
  /** Next steps about predicted conflicts between live workers' commits (wt conflicts). */
  conflicts: string[]
  /** Findings not announced before by this watcher (each also an event). */
  new_conflicts: string[]
  /** The alerts asked for the terminal bell (watch.notify = bell, or desktop without a notifier). */
  bell: boolean
  memory: WatchMemory
}

/**
 * One `wt watch` tick. The first tick of a watcher (no memory) starts from the states a previous
 * watcher announced (`announced_state`), so a restarted hub alerts only on what changed since. Each
 * transition into waiting/idle/stuck/exited/dead/done is one alert, announced by `watch.notify`;
 * with `autoNudge`, idle or interrupted workers get the level-1 nudge, at most once per cooldown.
 */
export async function watchStep(
  ctx: PoolContext,
  options: { memory?: WatchMemory; autoNudge?: boolean; project?: string; conflictsSeen?: Set<string> } = {},
): Promise<WatchStep> {
  const memory = options.memory ?? (await resumedMemory(ctx))
  const seen = await observeWorkers(ctx, { memory, project: options.project })
  const db = dbOf(ctx)
  for (const w of seen.rows) {
    const state = seen.memory.states.get(memoryKey(w))
    if (state && state !== w.announced_state) await db.updateTable('workers').set({ announced_state: state }).where('id', '=', w.id).execute()
  }
  for (const alert of seen.alerts) {
    const w = seen.rows.find((r) => r.id === alert.id)
    if (w)
      await recordEvent(ctx, {
        worker: w,
        type: 'alert',
        message: `${alert.from ?? '-'} -> ${alert.to}${alert.message ? `: ${alert.message}` : ''}`,
        data: { from: alert.from, to: alert.to },
      })
  }
  const bell = (await announce(ctx, seen.alerts)).bell
  const nudges = options.autoNudge ? await autoNudge(ctx, seen.rows, seen.views) : []
  // Commits only: the watcher never reads a worker's uncommitted files every tick.
  const report = seen.rows.length
    ? await predictConflicts(ctx, { project: options.project, uncommitted: false, reconciled: true }).catch((e) =>
        isDomainError(e) ? undefined : Promise.reject(e),
      )
    : undefined
  const fresh: string[] = []
  for (const [key, text] of report ? findingKeys(report) : []) {
    if (options.conflictsSeen?.has(key)) continue
    options.conflictsSeen?.add(key)
    fresh.push(text)
    await recordEvent(ctx, { type: 'conflict_predicted', message: text, data: { key } })
  }
  return {
    at: isoNow(ctx),
    views: seen.views,
    alerts: seen.alerts,
    nudges,
    bell,
    memory: seen.memory,
    conflicts: report ? conflictActions(report) : [],
    new_conflicts: fresh,
  }
}

/**
 * `wt watch`: seconds between ticks, from `--interval` or `watch.interval` (config.json can be
 * edited by hand), checked by the key's own rule before the first tick.
 */
export function watchInterval(ctx: PoolContext, flag: string | undefined, project?: string): number {
  const value = flag ?? String(ctx.config.settings(project).watchInterval)
  return parseConfigValue('watch.interval', value, flag === undefined ? undefined : '--interval') as number
}

async function resumedMemory(ctx: PoolContext): Promise<WatchMemory> {
  const memory = emptyWatchMemory()
  const rows = await dbOf(ctx)
    .selectFrom('workers')
    .select(['id', 'name', 'announced_state'])
    .where('ended_at', 'is', null)
    .where('announced_state', 'is not', null)
    .execute()
  for (const r of rows) memory.states.set(memoryKey(r), r.announced_state as WorkerState)
  return memory
}

/** Desktop notifications run here (argv only); the bell is the caller's to ring on its terminal. */
async function announce(ctx: PoolContext, alerts: readonly Alert[]): Promise<{ bell: boolean }> {
  if (!alerts.length) return { bell: false }
  const mode = ctx.config.settings().watchNotify as NotifyMode
  const notifiers: Notifiers =
    mode === 'desktop'
      ? { notifySend: !!resolveExecutable('notify-send', ctx.env, ctx.cwd), osascript: !!resolveExecutable('osascript', ctx.env, ctx.cwd) }
      : {}
  let bell = false
  for (const alert of alerts) {
    const plan = notifyPlan(alert, mode, notifiers)
    bell ||= plan.bell
    if (plan.desktop) {
      const { command, args } = plan.desktop
      // A notifier that fails must not stop the watcher: its result is not looked at.
      await runProgram(command, args, { timeoutMs: 5000, env: ctx.env })
    }
  }
  return { bell }
}

async function autoNudge(ctx: PoolContext, rows: Awaited<ReturnType<typeof observeWorkers>>['rows'], views: readonly WorkerView[]): Promise<NudgeOutcome[]> {
  const candidates = views.map((v, i) => {
    const w = rows[i]!
    return {
      name: v.name,
      state: v.state as WorkerState,
      interrupted: v.interrupted,
      idle_seconds: v.idle_seconds ?? 0,
      lastNudge: w.nudged_at ? { at: new Date(w.nudged_at), count: w.nudge_count } : null,
    }
  })
  const { nudges, records } = planNudges(candidates, ctx.now(), watchConfigOf(ctx))
  const outcomes: NudgeOutcome[] = []
  for (const nudge of nudges) {
    const w = rows.find((r) => r.name === nudge.name)!
    const record = records.get(nudge.name)!
    // Recorded before sending: a failed delivery still waits out the cooldown instead of retrying every tick.
    await dbOf(ctx).updateTable('workers').set({ nudged_at: record.at.toISOString(), nudge_count: record.count }).where('id', '=', w.id).execute()
    try {
      const sent = await sendToWorker(ctx, w.name, nudge.text)
      await recordEvent(ctx, { worker: w, type: 'nudged', message: nudge.reason, data: { reason: nudge.reason, count: record.count, verified: sent.verified } })
      outcomes.push({ name: w.name, reason: nudge.reason, delivered: true })
    } catch (e) {
      if (!isDomainError(e)) throw e
      await recordEvent(ctx, { worker: w, type: 'nudge_failed', message: e.message, data: { reason: nudge.reason } })
      outcomes.push({ name: w.name, reason: nudge.reason, delivered: false, error: e.message })
    }
  }
  return outcomes
}
