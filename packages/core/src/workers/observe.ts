import type { Evidence } from './rules/classifier.js'
import { type WatchConfig, watchConfigFrom } from './rules/settings.js'
import { processTable } from '../adapters/process-tree.js'
import { probeDisk } from './disk-progress.js'
import type { SuggestedAction } from './rules/ladder.js'
import type { Menu } from './rules/menu.js'
import { isPresetName, type PresetName } from './rules/presets.js'
import type { HookKind, SignalKind } from './rules/states.js'
import { emptyWatchMemory, type TickResult, type WatchMemory, type WatchRow, type WatchedWorker, watchTick } from './watch-tick.js'
import { type PoolContext, type WorkerRow, dbOf, isoNow, recordEvent } from './context.js'
import { getProject } from './projects.js'
import { reconcile } from './reconcile.js'

/** A worker as `wt list --json`, `wt watch --once --json` and `wt status` print it. */
export interface WorkerView {
  id: number
  name: string
  project: string
  bead: string
  title: string
  state: string
  signal: string | null
  message: string | null
  signal_at: string | null
  /** Quiet time (null for ended workers). */
  idle_seconds: number | null
  commits_ahead: number | null
  files_changed: number | null
  port_offset: number
  escalation_level: number
  /** What the idle ladder suggests (null for ended workers). */
  action: SuggestedAction | null
  /** The agent's last turn was cut short. */
  interrupted: boolean
  /** What decided the state. */
  evidence: Evidence | null
  /** The menu a waiting worker shows (kind, question, options): answer it with `wt answer`. */
  menu: Menu | null
  worktree: string
  branch: string
  base_branch: string
  base_commit: string
  created_at: string
  ended_at: string | null
  end_reason: string | null
}

/** The watch configuration for a project (global keys, overridden per project). */
export const watchConfigOf = (ctx: PoolContext, project?: string): WatchConfig => watchConfigFrom((key) => ctx.config.get(key, project).value)

export const presetOf = (ctx: PoolContext, w: WorkerRow): PresetName => {
  const name = w.preset ?? ctx.config.settings(w.project).preset
  return name && isPresetName(name) ? name : 'claude'
}

/** A registry row as the watch tick sees it. */
function watched(ctx: PoolContext, w: WorkerRow): WatchedWorker {
  return {
    id: w.id,
    name: w.session,
    project: w.project,
    bead: w.bead,
    title: w.title,
    preset: presetOf(ctx, w),
    createdAt: new Date(w.created_at),
    worktree: w.worktree,
    baseCommit: w.base_commit || null,
    hook: w.hook_event && w.hook_at ? { kind: w.hook_event as HookKind, at: new Date(w.hook_at), message: w.hook_message } : null,
    signal: w.signal && w.signal_at ? { kind: w.signal as SignalKind, at: new Date(w.signal_at), message: w.signal_message } : null,
    escalationLevel: w.escalation_level,
    config: watchConfigOf(ctx, w.project),
  }
}

/** An ended worker (or a live one nobody observed): the row as recorded. */
export function recordedView(w: WorkerRow): WorkerView {
  return viewOf(w, null)
}

function viewOf(w: WorkerRow, seen: WatchRow | null): WorkerView {
  return {
    id: w.id,
    name: w.name,
    project: w.project,
    bead: w.bead,
    title: w.title,
    state: seen?.state ?? w.state,
    signal: w.signal,
    message: seen?.message ?? w.signal_message,
    signal_at: w.signal_at,
    idle_seconds: seen?.idle_seconds ?? null,
    commits_ahead: seen?.commits_ahead ?? null,
    files_changed: seen?.files_changed ?? null,
    port_offset: w.port_offset,
    escalation_level: w.escalation_level,
    action: seen?.action ?? null,
    interrupted: seen?.interrupted ?? false,
    evidence: seen?.evidence ?? null,
    menu: seen?.menu ?? null,
    worktree: w.worktree,
    branch: w.branch,
    base_branch: w.base_branch,
    base_commit: w.base_commit,
    created_at: w.created_at,
    ended_at: w.ended_at,
    end_reason: w.end_reason,
  }
}

export interface Observation extends Pick<TickResult, 'alerts' | 'memory'> {
  views: WorkerView[]
  rows: WorkerRow[]
}

/**
 * The picture of every live worker, from disk alone: one reconcile (`list-panes -a`, which the tick
 * reuses), one capture per live pane, a disk probe per worktree (cached in `memory` for
 * `watch.disk_interval`), then the classifier. A state that changed since the registry last saw it
 * is written back with a `state` event, so `wt events` and a restarted hub see the same story.
 */
export async function observeWorkers(
  ctx: PoolContext,
  options: { memory?: WatchMemory; project?: string; names?: readonly string[] } = {},
): Promise<Observation> {
  // A misspelt --project must not read as "no workers"; checked before anything is written.
  if (options.project) await getProject(ctx, options.project)
  const panes = await reconcile(ctx)
  let q = dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', 'is', null).where('state', '<>', 'spawning')
  if (options.project) q = q.where('project', '=', options.project)
  if (options.names) q = q.where('name', 'in', options.names.length ? [...options.names] : [''])
  const rows = await q.orderBy('created_at').orderBy('id').execute()
  const tick = await watchTick(
    rows.map((w) => watched(ctx, w)),
    {
      listPanes: async () => [...panes.values()],
      capture: (name) => ctx.tmux.capture(name),
      probeDisk: (w) => probeDisk(w.worktree!, w.baseCommit!, { git: ctx.git }),
      processTable,
    },
    options.memory ?? emptyWatchMemory(),
    { now: ctx.now(), config: watchConfigOf(ctx) },
  )
  await recordStates(ctx, rows, tick.rows)
  return { views: rows.map((w, i) => viewOf(w, tick.rows[i]!)), rows, alerts: tick.alerts, memory: tick.memory }
}

async function recordStates(ctx: PoolContext, rows: readonly WorkerRow[], seen: readonly WatchRow[]): Promise<void> {
  const db = dbOf(ctx)
  for (const [i, w] of rows.entries()) {
    const next = seen[i]!
    if (next.state === w.state) continue
    // Compare-and-set: two observers racing record one transition.
    const res = await db
      .updateTable('workers')
      .set({ state: next.state, state_at: isoNow(ctx) })
      .where('id', '=', w.id)
      .where('state', '=', w.state)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 1) {
      await recordEvent(ctx, {
        worker: w,
        type: 'state',
        message: `${w.state} -> ${next.state}`,
        data: { from: w.state, to: next.state, evidence: next.evidence.detail },
      })
    }
  }
}

/** `wt list`: live workers observed now; `--all` adds ended ones as recorded. */
export async function listWorkers(ctx: PoolContext, options: { all?: boolean; project?: string } = {}): Promise<WorkerView[]> {
  const live = (await observeWorkers(ctx, { project: options.project })).views
  if (!options.all) return live
  let q = dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', 'is not', null)
  if (options.project) q = q.where('project', '=', options.project)
  const ended = (await q.orderBy('created_at').orderBy('id').execute()).map(recordedView)
  return [...ended, ...live].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
}
