/** Worker states, as `wt list` / `wt watch` show them. */
export type WorkerState = 'starting' | 'working' | 'waiting' | 'idle' | 'stuck' | 'done' | 'exited' | 'dead'

export const workerStates: readonly WorkerState[] = ['starting', 'working', 'waiting', 'idle', 'stuck', 'done', 'exited', 'dead']

/** States whose arrival deserves one alert. */
export const alertStates: ReadonlySet<WorkerState> = new Set<WorkerState>(['waiting', 'idle', 'stuck', 'exited', 'dead', 'done'])

/** What the agent's hooks report (written by the hook commands `wt new` installs). */
export type HookKind = 'session_start' | 'prompt_submitted' | 'turn_stopped' | 'permission' | 'notification'
export interface HookReport {
  kind: HookKind
  at: Date
  message?: string | null
}

/** What `wt signal <kind> [message]` stores. */
export type SignalKind = 'working' | 'idle' | 'waiting' | 'blocked' | 'error' | 'done'
export const signalKinds: readonly SignalKind[] = ['working', 'idle', 'waiting', 'blocked', 'error', 'done']
export interface SignalReport {
  kind: SignalKind
  at: Date
  message?: string | null
}

/** One tmux pane as seen by one `list-panes -a` call. */
export type { PaneInfo } from '../../adapters/tmux/tmux.js'

/** What a worktree shows of progress since the worker's base commit. */
export interface DiskProgress {
  commitsAhead: number
  filesChanged: number
  /** Newest modification time of a file in the worktree (outside .git and node_modules). */
  newestWriteAt: Date | null
  /** Commit time of HEAD when it is ahead of the base. */
  lastCommitAt: Date | null
  /** The file walk stopped at its bound: `newestWriteAt` is a lower bound. */
  truncated: boolean
}
