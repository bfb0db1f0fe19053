import type { Generated } from 'kysely'

/** Worker states (see WT_SPEC "Watching"); `ended` once killed, closed or done. */
export type WorkerState = 'starting' | 'working' | 'waiting' | 'idle' | 'stuck' | 'done' | 'exited' | 'dead' | 'ended'
export type SignalState = 'working' | 'idle' | 'waiting' | 'blocked' | 'error' | 'done'
export type EndReason = 'killed' | 'closed' | 'done'

export interface ProjectsTable {
  name: string
  path: string
  base_branch: string
  /** The bead id prefix of the project's tracker (`bd` in `bd-a1b2`). */
  prefix: string
  created_at: string
}

export interface WorkersTable {
  /** Own id: names are reused once a worker ends. */
  id: Generated<number>
  name: string
  project: string
  bead: string
  title: string
  worktree: string
  branch: string
  base_branch: string
  base_commit: string
  port_offset: number
  /** tmux session name (equal to `name` today). */
  session: string
  agent_command: string
  state: string
  state_at: string
  signal: string | null
  signal_message: string | null
  signal_at: string | null
  escalation_level: Generated<number>
  /** The agent preset whose screen patterns apply (null: the project's `agent.preset`). */
  preset: string | null
  /** The last agent hook report: `session_start`, `prompt_submitted`, `turn_stopped`, `permission`, `notification`. */
  hook_event: string | null
  hook_message: string | null
  hook_at: string | null
  /** The last auto-nudge (`wt watch --auto-nudge`) and how many were sent. */
  nudged_at: string | null
  nudge_count: Generated<number>
  /** The state `wt watch` last announced: a restarted watcher does not alert twice. */
  announced_state: string | null
  created_at: string
  ended_at: string | null
  end_reason: string | null
  /** The `wt new` process while it spawns this worker (null once spawned). */
  spawn_pid: number | null
  /** The process group of its hooks.on_create while that runs. */
  spawn_hook_pid: number | null
}

export interface WorkerEventsTable {
  id: Generated<number>
  at: string
  worker_id: number | null
  worker: string | null
  project: string | null
  bead: string | null
  type: string
  message: string | null
  /** JSON object text, or null. */
  data: string | null
}

/** Agent sessions reported by the agent's SessionStart hook (one worker may run several). */
export interface AgentSessionsTable {
  worker_id: number
  session_id: string
  transcript_path: string | null
  cwd: string | null
  started_at: string
}

export interface WtSchema {
  projects: ProjectsTable
  workers: WorkersTable
  worker_events: WorkerEventsTable
  agent_sessions: AgentSessionsTable
}
