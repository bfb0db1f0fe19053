import { existsSync } from 'node:fs'
import { DomainError } from '../errors.js'
import { type PoolContext, type WorkerRow, dbOf, isoNow, recordEvent } from './context.js'
import { currentWorker, findLive } from './find.js'
import { getProject, type Project, releaseBead, withTracker } from './projects.js'
import { reconcile } from './reconcile.js'
import type { EndReason } from './schema.js'
import { resolveExecutable, runProgram, runShellHook } from '../adapters/processes.js'
import { workerEnv } from './worker-env.js'

export interface EndResult {
  worker: string
  bead: string
  reason: EndReason
  worktree_removed: boolean
  branch: string
  branch_deleted: boolean
  bead_status: string
  /** Why the bead was (not) closed, and any warning. */
  notes: string[]
}

async function refuseDirty(ctx: PoolContext, w: WorkerRow, force: boolean | undefined, verb: string): Promise<void> {
  if (force || !existsSync(w.worktree)) return
  const files = await ctx.git.dirtyFiles(w.worktree)
  if (files.length) {
    throw new DomainError(
      'CONFLICT',
      `${w.name}'s worktree has uncommitted changes: ${files.slice(0, 10).join(', ')}${files.length > 10 ? ` (+${files.length - 10} more)` : ''}`,
      {
        hint: `Commit or stash them in ${w.worktree}${verb === 'done' ? '' : `, or pass --force to ${verb} anyway (the changes are lost)`}.`,
        fields: { files },
      },
    )
  }
}

/** hooks.on_close (before the worktree goes), then the worktree itself. */
export async function removeWorktree(ctx: PoolContext, w: WorkerRow, project: Project, notes: string[]): Promise<boolean> {
  if (!existsSync(w.worktree)) {
    // Deleted by hand: forget git's record of it so the branch can be checked out again.
    await ctx.git.pruneWorktrees(project.path)
    return false
  }
  const settings = ctx.config.settings(project.name)
  if (settings.onClose) {
    try {
      await runShellHook('hooks.on_close', settings.onClose, w.worktree, { ...ctx.env, ...workerEnv(ctx, w, project, settings.ports, settings.portEnv) })
    } catch (e) {
      notes.push(`warning: ${(e as Error).message}`)
    }
  }
  await ctx.git.removeWorktree(project.path, w.worktree)
  return true
}

export async function endRow(ctx: PoolContext, w: WorkerRow, reason: EndReason, message: string, data: Record<string, unknown>): Promise<void> {
  const at = isoNow(ctx)
  await dbOf(ctx).updateTable('workers').set({ ended_at: at, end_reason: reason, state: 'ended', state_at: at }).where('id', '=', w.id).execute()
  await recordEvent(ctx, { worker: w, type: reason === 'killed' ? 'killed' : reason, message, data })
}

async function beadStatus(project: Project, bead: string): Promise<string> {
  return withTracker(project, undefined, async (t) => (await t.get(bead)).status).catch(() => 'unknown')
}

/** `wt kill`: end the session, remove the worktree (unless kept), keep the branch, release the bead. */
export async function killWorker(ctx: PoolContext, nameOrBead: string, options: { keepWorktree?: boolean; force?: boolean } = {}): Promise<EndResult> {
  await reconcile(ctx)
  const w = await findLive(ctx, nameOrBead)
  const project = await getProject(ctx, w.project)
  await refuseDirty(ctx, w, options.force, 'kill')
  const notes: string[] = []
  await ctx.tmux.killSession(w.session)
  const removed = options.keepWorktree ? false : await removeWorktree(ctx, w, project, notes)
  if (await releaseBead(project, w.bead, w.name)) notes.push(`${w.bead} returned to open`)
  await endRow(ctx, w, 'killed', `${w.name} killed`, { kept_worktree: !!options.keepWorktree })
  return {
    worker: w.name,
    bead: w.bead,
    reason: 'killed',
    worktree_removed: removed,
    branch: w.branch,
    branch_deleted: false,
    bead_status: await beadStatus(project, w.bead),
    notes,
  }
}

/**
 * `wt close`: ends the worker; closes the bead only when the branch has commits beyond its base
 * and they are merged into the base (`origin/<base>` after a fetch when a remote exists).
 */
export async function closeWorker(ctx: PoolContext, nameOrBead: string, options: { force?: boolean } = {}): Promise<EndResult> {
  await reconcile(ctx)
  const w = await findLive(ctx, nameOrBead)
  const project = await getProject(ctx, w.project)
  await refuseDirty(ctx, w, options.force, 'close')
  const notes: string[] = []
  let target = w.base_branch
  if (await ctx.git.hasRemote(project.path)) {
    if (await ctx.git.fetch(project.path)) target = `origin/${w.base_branch}`
    else notes.push('warning: fetch from origin failed; checked the local base instead')
  }
  const tip = await ctx.git.revParse(project.path, w.branch)
  const ahead = tip && w.base_commit ? (await ctx.git.aheadBehind(project.path, w.base_commit, w.branch)).ahead : 0
  const merged = !!tip && ahead > 0 && (await ctx.git.isAncestor(project.path, w.branch, target))
  await ctx.tmux.killSession(w.session)
  const removed = await removeWorktree(ctx, w, project, notes)
  let deleted = false
  if (merged) {
    await withTracker(project, w.name, (t) => t.close([w.bead], { reason: `merged into ${target} (wt close ${w.name})` }))
    deleted = await ctx.git.deleteBranch(project.path, w.branch, true)
    notes.push(`${w.bead} closed: ${ahead} commit(s) merged into ${target}`)
  } else {
    await releaseBead(project, w.bead, w.name)
    notes.push(
      ahead === 0
        ? `${w.bead} kept open: ${w.branch} has no commits beyond its base`
        : `${w.bead} kept open: ${w.branch} has ${ahead} commit(s) not merged into ${target} (branch kept)`,
    )
  }
  await endRow(ctx, w, 'closed', notes[notes.length - 1]!, { merged, commits: ahead })
  return {
    worker: w.name,
    bead: w.bead,
    reason: 'closed',
    worktree_removed: removed,
    branch: w.branch,
    branch_deleted: deleted,
    bead_status: await beadStatus(project, w.bead),
    notes,
  }
}

export interface DoneOptions {
  mergeMode?: 'direct' | 'pr'
  noRebase?: boolean
}

export interface DoneResult extends EndResult {
  merge_mode: 'direct' | 'pr'
  pr_url?: string
}

/**
 * `wt done`, from inside the worktree: refuse a dirty tree, rebase on the base (on conflict: list
 * the files, abort, keep the worker), merge (direct) or push + PR (pr), close or note the bead,
 * remove the worktree, record the end, and end the worker's own tmux session last. `report` is
 * called before the session goes (the caller usually runs inside it).
 */
export async function finishWorker(ctx: PoolContext, options: DoneOptions, report: (r: DoneResult) => void): Promise<DoneResult> {
  await reconcile(ctx)
  const w = await currentWorker(ctx)
  const project = await getProject(ctx, w.project)
  const mode = options.mergeMode ?? ctx.config.settings(project.name).mergeMode
  await refuseDirty(ctx, w, false, 'done')
  const base = w.base_branch
  if (!options.noRebase) {
    const r = await ctx.git.rebase(w.worktree, base)
    if (!r.ok && r.conflicts.length === 0) {
      // Not a conflict (no git identity, a vanished base, a hook…): say what git said.
      throw new DomainError('FAILED', `rebase of ${w.branch} on ${base} failed: ${r.message || 'git gave no reason'}`, {
        hint: 'Nothing was changed (the rebase was aborted, the worker kept). Fix the cause, then `wt done` again, or `wt done --no-rebase`.',
      })
    }
    if (!r.ok) {
      await recordEvent(ctx, { worker: w, type: 'done_conflict', message: r.conflicts.join(', '), data: { files: r.conflicts } })
      throw new DomainError('CONFLICT', `rebase of ${w.branch} on ${base} conflicts in: ${r.conflicts.join(', ')}`, {
        hint: `The rebase was aborted and the worker kept. Run \`git rebase ${base}\`, resolve these files, commit, then \`wt done\` again.`,
        fields: { files: r.conflicts },
      })
    }
  }
  const { ahead } = await ctx.git.aheadBehind(w.worktree, base)
  if (ahead === 0)
    throw new DomainError('CONFLICT', `${w.branch} has no commits beyond ${base}: nothing to merge`, {
      hint: 'Commit your work first, or end the worker with `wt close` / `wt kill`.',
    })
  const notes: string[] = []
  const remote = await ctx.git.hasRemote(project.path)
  let prUrl: string | undefined
  await withTracker(project, w.name, async (tracker) => {
    if (mode === 'direct') {
      await ctx.git.mergeInto(project.path, base, w.branch)
      notes.push(`merged ${ahead} commit(s) into ${base}`)
      if (remote) {
        const p = await ctx.git.push(project.path, base)
        notes.push(p.ok ? `pushed ${base} to origin` : `warning: push of ${base} failed: ${p.message}`)
      }
      await tracker.close([w.bead], { reason: `done: merged into ${base} by ${w.name}` })
    } else {
      if (!remote) throw new DomainError('UNAVAILABLE', 'pr mode needs a remote named origin', { hint: 'Add one, or use --merge-mode direct.' })
      const p = await ctx.git.push(w.worktree, `${w.branch}:${w.branch}`)
      if (!p.ok) throw new DomainError('FAILED', `push of ${w.branch} failed: ${p.message}`)
      if (resolveExecutable('gh', ctx.env, ctx.cwd)) prUrl = await openPr(ctx, w, base)
      await tracker.addComment(
        w.bead,
        prUrl ? `PR opened by ${w.name}: ${prUrl}` : `Branch ${w.branch} pushed by ${w.name} for review (no gh CLI: open the PR by hand).`,
      )
      notes.push(prUrl ? `PR: ${prUrl}` : `pushed ${w.branch}; open a PR for it`)
    }
  })
  const removed = await removeWorktree(ctx, w, project, notes)
  const deleted = mode === 'direct' ? await ctx.git.deleteBranch(project.path, w.branch) : false
  await endRow(ctx, w, 'done', notes.join('; '), { merge_mode: mode, commits: ahead, pr_url: prUrl })
  const result: DoneResult = {
    worker: w.name,
    bead: w.bead,
    reason: 'done',
    merge_mode: mode,
    worktree_removed: removed,
    branch: w.branch,
    branch_deleted: deleted,
    bead_status: await beadStatus(project, w.bead),
    notes,
    ...(prUrl ? { pr_url: prUrl } : {}),
  }
  report(result)
  await ctx.tmux.killSession(w.session)
  return result
}

/** `gh pr create` for the pushed branch; its URL, or undefined when gh failed (the branch is pushed either way). */
async function openPr(ctx: PoolContext, w: WorkerRow, base: string): Promise<string | undefined> {
  const r = await runProgram('gh', ['pr', 'create', '--fill', '--head', w.branch, '--base', base], { cwd: w.worktree, env: ctx.env })
  return r.ok ? r.stdout.trim().split('\n').pop() : undefined
}
