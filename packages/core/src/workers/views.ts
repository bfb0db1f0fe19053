import { existsSync } from 'node:fs'
import * as repo from '../git/repo.js'
import type { PaneInfo } from '../tmux/tmux.js'
import { type PoolContext, type WorkerRow, dbOf } from './context.js'
import { reconcile } from './reconcile.js'

/** A worker as `wt list --json` (and `wt watch --once --json`) prints it. */
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
  idle_seconds: number | null
  commits_ahead: number
  files_changed: number
  port_offset: number
  escalation_level: number
  worktree: string
  branch: string
  base_branch: string
  base_commit: string
  created_at: string
  ended_at: string | null
  end_reason: string | null
}

/** Row + tmux activity + disk progress (commits beyond the recorded base, changed files). */
export async function viewOf(ctx: PoolContext, w: WorkerRow, pane: PaneInfo | undefined): Promise<WorkerView> {
  let ahead = 0
  let files = 0
  if (!w.ended_at && existsSync(w.worktree) && w.base_commit) {
    ;[ahead, files] = await Promise.all([repo.aheadBehind(w.worktree, w.base_commit).then((r) => r.ahead), repo.changedFiles(w.worktree, w.base_commit)])
  }
  return {
    id: w.id,
    name: w.name,
    project: w.project,
    bead: w.bead,
    title: w.title,
    state: w.state,
    signal: w.signal,
    message: w.signal_message,
    signal_at: w.signal_at,
    idle_seconds: pane && !w.ended_at ? Math.max(0, Math.round(ctx.now().getTime() / 1000 - pane.activity)) : null,
    commits_ahead: ahead,
    files_changed: files,
    port_offset: w.port_offset,
    escalation_level: w.escalation_level,
    worktree: w.worktree,
    branch: w.branch,
    base_branch: w.base_branch,
    base_commit: w.base_commit,
    created_at: w.created_at,
    ended_at: w.ended_at,
    end_reason: w.end_reason,
  }
}

export async function listWorkers(ctx: PoolContext, options: { all?: boolean; project?: string } = {}): Promise<WorkerView[]> {
  const panes = await reconcile(ctx)
  let q = dbOf(ctx).selectFrom('workers').selectAll().where('state', '<>', 'spawning')
  if (!options.all) q = q.where('ended_at', 'is', null)
  if (options.project) q = q.where('project', '=', options.project)
  const rows = await q.orderBy('created_at').orderBy('id').execute()
  return Promise.all(rows.map((w) => viewOf(ctx, w, panes.get(w.session))))
}
