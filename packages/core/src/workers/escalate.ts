import { DomainError, isDomainError } from '../errors.js'
import { type EscalationPlan, parseRung, planEscalation, type RungName } from './rules/escalation-plan.js'
import { type PoolContext, dbOf, recordEvent } from './context.js'
import { killWorker } from './ending.js'
import { findLive } from './find.js'
import { getProject, type Project, withTracker } from './projects.js'
import { reconcile } from './reconcile.js'
import { spawnWorker } from './spawn.js'
import { sendToWorker } from './talk.js'

export interface EscalateOptions {
  /** Switch the user in (rung 2) only when there is a terminal to switch. */
  interactive?: boolean
  /** Rungs 3–4: end the worker even with uncommitted changes (they are lost). */
  force?: boolean
}

export interface EscalateResult {
  worker: string
  bead: string
  rung: RungName
  level: number
  message: string | null
  /** Rungs 1–2: whether the agent visibly took the text. */
  sent: boolean | null
  /** Rung 2: switched in, or the command to run when there was no terminal. */
  switched: boolean
  /** Rung 3: the old branch's new name, and the fresh worker. */
  kept_branch: string | null
  respawned: string | null
  bead_status: string
  notes: string[]
}

/**
 * `wt escalate <name> <rung> [message]`: the plan is decided (and refused) before anything runs; then
 * each rung does what the ladder says, records an `escalated` event and raises the level. After a
 * reset the fresh worker carries the level on.
 */
export async function escalateWorker(
  ctx: PoolContext,
  nameOrBead: string,
  rung: string,
  message: string | undefined,
  options: EscalateOptions = {},
): Promise<EscalateResult> {
  await reconcile(ctx)
  const w = await findLive(ctx, nameOrBead)
  const project = await getProject(ctx, w.project)
  const chosen = parseRung(rung)
  const plan = planEscalation({
    worker: w.name,
    bead: w.bead,
    escalationLevel: w.escalation_level,
    rung: chosen,
    message,
    branches: chosen.respawn ? await ctx.git.localBranches(project.path) : [],
  })
  const result: EscalateResult = {
    worker: w.name,
    bead: w.bead,
    rung: plan.rung.name,
    level: plan.level,
    message: plan.message,
    sent: null,
    switched: false,
    kept_branch: null,
    respawned: null,
    bead_status: '',
    notes: [],
  }

  if (plan.send) {
    try {
      result.sent = (await sendToWorker(ctx, w.name, plan.send)).verified
    } catch (e) {
      // On a menu, send types nothing (Enter would pick an option). Rung 2 switches the person in to
      // answer it; rung 1 has nobody to answer it and fails. The ladder never answers by itself.
      if (!(isDomainError(e) && e.code === 'CONFLICT' && e.fields?.menu && plan.switchIn)) throw e
      result.sent = false
      result.notes.push(`${e.message}; nothing was sent: answer it in the session, or wt answer ${w.name} <option>`)
    }
  }
  if (plan.switchIn) {
    if (options.interactive || ctx.env.TMUX) {
      await ctx.tmux.switchTo(w.session, !!ctx.env.TMUX)
      result.switched = true
    } else result.notes.push(`no terminal to switch: run wt ${w.name}`)
  }
  let levelHolder = w.id
  if (plan.kill) {
    const ended = await killWorker(ctx, w.name, { force: options.force })
    result.notes.push(...ended.notes)
    await afterKill(ctx, plan, w.branch, project, result)
    if (plan.respawn) {
      try {
        const { worker } = await spawnWorker(ctx, { bead: w.bead, project: w.project, name: w.name })
        result.respawned = worker.name
        levelHolder = worker.id
      } catch (e) {
        if (!isDomainError(e)) throw e
        const kept = result.kept_branch ? `, its branch kept as ${result.kept_branch}` : ''
        throw new DomainError(e.code, `${w.name} was reset (killed${kept}) but the fresh worker did not start: ${e.message}`, {
          hint: e.hint ?? `Spawn it again: wt new ${w.bead}`,
        })
      }
    }
  }
  await dbOf(ctx).updateTable('workers').set({ escalation_level: plan.level }).where('id', '=', levelHolder).execute()
  const holder = await dbOf(ctx).selectFrom('workers').selectAll().where('id', '=', levelHolder).executeTakeFirstOrThrow()
  await recordEvent(ctx, {
    worker: holder,
    type: 'escalated',
    message: `${plan.rung.level} ${plan.rung.name}${plan.message ? `: ${plan.message}` : ''}`,
    data: { rung: plan.rung.name, level: plan.level, from_worker_id: w.id, kept_branch: result.kept_branch },
  })
  result.bead_status = await withTracker(project, undefined, async (t) => (await t.get(w.bead)).status)
  return result
}

/** Rungs 3–4 once the worker is gone: keep the attempt's branch, note the bead, block it (defer). */
async function afterKill(ctx: PoolContext, plan: EscalationPlan, branch: string, project: Project, result: EscalateResult): Promise<void> {
  if (plan.keepBranchAs && (await ctx.git.branchExists(project.path, branch))) {
    await ctx.git.renameBranch(project.path, branch, plan.keepBranchAs)
    result.kept_branch = plan.keepBranchAs
  }
  await withTracker(project, 'wt', async (t) => {
    if (plan.note) await t.addComment(plan.bead, plan.note)
    // killWorker already released the claim and returned the bead to open.
    if (plan.beadStatus) await t.update([plan.bead], { status: plan.beadStatus, assignee: '' })
  })
}
