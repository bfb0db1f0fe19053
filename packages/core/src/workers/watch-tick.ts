/**
 * One watch tick over injected ports: one `listPanes()` for every session, one `capture()` per worker
 * whose pane is alive, a disk probe per worker at most every `watch.disk_interval`; then classify
 * each worker and derive the transition alerts. The real tmux/git adapters plug into `WatchPorts`.
 */
import { classify, type Evidence } from './rules/classifier.js'
import { withDefaults, type WatchConfig } from './rules/settings.js'
import type { SuggestedAction } from './rules/ladder.js'
import type { Menu } from './rules/menu.js'
import { descendantCommands, type ProcessRow } from '../adapters/process-tree.js'
import { shellCommands, type PresetName } from './rules/presets.js'
import type { DiskProgress, HookReport, PaneInfo, SignalKind, SignalReport, WorkerState } from './rules/states.js'
import { memoryKey, trackTransitions, type Alert } from './rules/transitions.js'

export { memoryKey }

export interface WatchPorts {
  /** Every pane of every session, in one tmux call. */
  listPanes(): Promise<PaneInfo[]>
  /** The visible screen of the worker's pane (`capture-pane -p -J -t =name:`). */
  capture(name: string): Promise<string>
  /** Worktree progress since the base commit (see disk-progress.ts). */
  probeDisk?(worker: WatchedWorker): Promise<DiskProgress>
  /** The machine's process table; asked once a tick, only when some pane runs a shell. */
  processTable?(): Promise<ProcessRow[]>
}

/** A registry row, as the watcher needs it. */
export interface WatchedWorker {
  /** The registry id: what the watcher remembers a worker by (a name is reused once a worker ends). */
  id?: number
  name: string
  project?: string | null
  bead?: string | null
  title?: string | null
  preset: PresetName
  createdAt: Date
  worktree?: string | null
  baseCommit?: string | null
  hook?: HookReport | null
  signal?: SignalReport | null
  escalationLevel?: number
  /** Per-project overrides of the watch configuration. */
  config?: Partial<WatchConfig>
}

/** One row of `wt watch --once --json` (the `wt list` row's watch fields). */
export interface WatchRow {
  id?: number
  name: string
  project: string | null
  bead: string | null
  title: string | null
  state: WorkerState
  signal: SignalKind | null
  message: string | null
  idle_seconds: number
  commits_ahead: number | null
  files_changed: number | null
  escalation_level: number
  action: SuggestedAction
  interrupted: boolean
  evidence: Evidence
  /** The menu a waiting worker shows: its question and options. */
  menu: Menu | null
}

/** What the watcher remembers between ticks, by `memoryKey`. */
export interface WatchMemory {
  screens: Map<string, { text: string; changedAt: Date }>
  states: Map<string, WorkerState>
  disk: Map<string, { at: Date; progress: DiskProgress }>
}

export const emptyWatchMemory = (): WatchMemory => ({ screens: new Map(), states: new Map(), disk: new Map() })

export interface TickResult {
  rows: WatchRow[]
  alerts: Alert[]
  memory: WatchMemory
}

export async function watchTick(
  workers: readonly WatchedWorker[],
  ports: WatchPorts,
  memory: WatchMemory,
  options: { now: Date; config?: Partial<WatchConfig> },
): Promise<TickResult> {
  const { now } = options
  const panes = new Map((await ports.listPanes()).map((pane) => [pane.session, pane]))
  const next: WatchMemory = { screens: new Map(), states: memory.states, disk: new Map() }
  const shellPanes = workers
    .map((w) => panes.get(w.name))
    .filter((p) => p && !p.dead && p.panePid !== null && shellCommands.has(p.currentCommand.split('/').pop()!.replace(/^-/, '')))
  const table = shellPanes.length && ports.processTable ? await ports.processTable().catch(() => null) : null

  const rows = await Promise.all(
    workers.map(async (worker): Promise<WatchRow> => {
      const config = { ...withDefaults(options.config), ...(worker.config ?? {}) }
      const key = memoryKey(worker)
      const pane = panes.get(worker.name) ?? null
      const [text, disk] = await Promise.all([
        pane && !pane.dead ? ports.capture(worker.name).catch(() => null) : Promise.resolve(null),
        diskFor(worker, ports, memory, now, config.diskInterval),
      ])
      if (disk) next.disk.set(key, disk)

      let screen: { text: string; changedAt: Date } | null = null
      if (text !== null) {
        const before = memory.screens.get(key)
        if (before && before.text === text) screen = before
        else {
          // First sight: the screen last changed when the pane last printed (tmux activity).
          // A change since the last tick: now, or the pane's activity time if tmux saw it later.
          const activity = pane?.activityAt && pane.activityAt.getTime() <= now.getTime() ? pane.activityAt : null
          const changedAt = !before ? (activity ?? now) : activity && activity > before.changedAt ? activity : now
          screen = { text, changedAt }
        }
        next.screens.set(key, screen)
      }

      const result = classify({
        now,
        preset: worker.preset,
        createdAt: worker.createdAt,
        pane,
        processes: table && pane?.panePid ? descendantCommands(table, pane.panePid) : null,
        screen,
        hook: worker.hook,
        signal: worker.signal,
        disk: disk?.progress ?? null,
        config,
      })
      return {
        ...(worker.id !== undefined ? { id: worker.id } : {}),
        name: worker.name,
        project: worker.project ?? null,
        bead: worker.bead ?? null,
        title: worker.title ?? null,
        state: result.state,
        signal: worker.signal?.kind ?? null,
        message: result.message,
        idle_seconds: result.idle_seconds,
        commits_ahead: disk?.progress.commitsAhead ?? null,
        files_changed: disk?.progress.filesChanged ?? null,
        escalation_level: worker.escalationLevel ?? 0,
        action: result.action,
        interrupted: result.interrupted,
        evidence: result.evidence,
        menu: result.menu,
      }
    }),
  )

  const { alerts, states } = trackTransitions(memory.states, rows, now)
  next.states = states
  return { rows, alerts, memory: next }
}

async function diskFor(
  worker: WatchedWorker,
  ports: WatchPorts,
  memory: WatchMemory,
  now: Date,
  interval: number,
): Promise<{ at: Date; progress: DiskProgress } | null> {
  const cached = memory.disk.get(memoryKey(worker)) ?? null
  if (!ports.probeDisk || !worker.worktree || !worker.baseCommit) return cached
  if (cached && now.getTime() - cached.at.getTime() < interval * 1000) return cached
  try {
    return { at: now, progress: await ports.probeDisk(worker) }
  } catch {
    return cached
  }
}
