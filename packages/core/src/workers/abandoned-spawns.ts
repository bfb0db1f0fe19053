import { existsSync } from 'node:fs'
import { type PoolContext, type WorkerRow, dbOf, recordEvent } from './context.js'
import { killGroup, processAlive } from '../adapters/processes.js'
import { getProject, releaseBead } from './projects.js'

/**
 * A `wt new` killed mid-spawn (kill -9, a closed terminal) cannot undo its own steps: its row,
 * claim, worktree, branch, tmux session and on_create hook stayed behind, blocking the bead while
 * `wt list` showed nothing. Every reconcile rolls such spawns back as the spawner would have, once
 * its process is gone. The reconciler first takes the row over (its own pid, compare-and-swap), so
 * two commands never roll back one spawn, and one that dies half-way is itself taken over later.
 * Returns the sessions it ended.
 */
export async function rollBackAbandonedSpawns(ctx: PoolContext, liveSessions: ReadonlySet<string>): Promise<string[]> {
  const db = dbOf(ctx)
  const spawning = await db.selectFrom('workers').selectAll().where('spawn_pid', 'is not', null).where('ended_at', 'is', null).execute()
  const ended: string[] = []
  for (const w of spawning) {
    if (w.spawn_pid === process.pid || processAlive(w.spawn_pid!)) continue
    const taken = await db.updateTable('workers').set({ spawn_pid: process.pid }).where('id', '=', w.id).where('spawn_pid', '=', w.spawn_pid).executeTakeFirst()
    if (Number(taken.numUpdatedRows) !== 1) continue
    const undone = await undoSpawn(ctx, w, liveSessions)
    if (liveSessions.has(w.session)) ended.push(w.session)
    await recordEvent(ctx, {
      worker: w,
      type: 'spawn_abandoned',
      message: `wt new (pid ${w.spawn_pid}) died while spawning ${w.name}; rolled back: ${undone.join(', ') || 'nothing left'}`,
      data: { spawn_pid: w.spawn_pid, undone },
    })
    await db.deleteFrom('workers').where('id', '=', w.id).execute()
  }
  return ended
}

/** The spawn's steps, undone in reverse; each one that did something is named. */
async function undoSpawn(ctx: PoolContext, w: WorkerRow, liveSessions: ReadonlySet<string>): Promise<string[]> {
  const undone: string[] = []
  if (w.spawn_hook_pid && processAlive(w.spawn_hook_pid)) {
    killGroup(w.spawn_hook_pid)
    undone.push(`hooks.on_create (pid ${w.spawn_hook_pid})`)
  }
  if (liveSessions.has(w.session) && (await ctx.tmux.killSession(w.session).catch(() => false))) undone.push(`tmux session ${w.session}`)
  const project = await getProject(ctx, w.project).catch(() => undefined)
  if (!project) return undone
  if (existsSync(w.worktree)) {
    await ctx.git.removeWorktree(project.path, w.worktree).catch(() => undefined)
    if (!existsSync(w.worktree)) undone.push(`worktree ${w.worktree}`)
  }
  // The branch goes only when it holds nothing of its own: made by this spawn, or an empty leftover.
  const tip = await ctx.git.revParse(project.path, w.branch).catch(() => undefined)
  if (tip && tip === w.base_commit && (await ctx.git.deleteBranch(project.path, w.branch, true).catch(() => false))) undone.push(`branch ${w.branch}`)
  if (await releaseBead(project, w.bead, w.name).catch(() => false)) undone.push(`claim on ${w.bead}`)
  return undone
}
