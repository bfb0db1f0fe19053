import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DomainError, isDomainError } from '../errors.js'
import * as plumbing from '../adapters/git/plumbing.js'
import { type PoolContext, type WorkerRow, dbOf, isoNow, recordEvent } from '../workers/context.js'
import { endRow, removeWorktree } from '../workers/ending.js'
import { findLive } from '../workers/find.js'
import { withLockFile } from '../workers/lock.js'
import { observeWorkers } from '../workers/observe.js'
import { getProject, type Project, withTracker } from '../workers/projects.js'
import { reconcile } from '../workers/reconcile.js'
import { sendToWorker } from '../workers/talk.js'
import { runGate } from '../adapters/gate.js'
import { landingDb, type LandingsTable } from './migrations.js'
import { type LandCandidate, landingQueue } from './queue.js'
import { failureMessage, LAND_STEPS, type LandStep, resumePoint } from './steps.js'

export interface LandOptions {
  /** Workers (names or bead ids) to land, whatever their state; or `all` finished workers. */
  names?: readonly string[]
  all?: boolean
  /** Overrides land.gate for this run (the user's own command, run with sh -c). */
  gate?: string
  dryRun?: boolean
  project?: string
}

export type LandResultKind = 'landed' | 'conflict' | 'gate_failed' | 'dirty' | 'would_land' | 'would_conflict'

export interface LandOutcome {
  worker: string
  bead: string
  branch: string
  base: string
  result: LandResultKind
  /** The commit the base now points at (landed). */
  commit?: string
  files?: string[]
  gate?: { command: string; exit: string; tail: string[]; ms: number }
  attempts?: number
  /** Reached land.max_attempts: left for a person instead of sent back. */
  escalated?: boolean
  /** The failure reached the worker through safe delivery. */
  sent_back?: boolean
  notes: string[]
}

export interface LandResult {
  dry_run: boolean
  /** Landings an earlier, interrupted `wt land` left in flight, picked up first. */
  resumed: Array<{ worker: string; from: LandStep }>
  outcomes: LandOutcome[]
  skipped: Array<{ name: string; bead: string; reason: string }>
  landed: number
  failed: number
}

type Row = LandingsTable

/** A failed step: the base untouched, the worker kept, the reason carried to the outcome. */
class LandFailure extends Error {
  constructor(
    readonly kind: 'conflict' | 'gate' | 'dirty',
    readonly files: string[] = [],
    readonly gateRun?: LandOutcome['gate'],
  ) {
    super(kind)
  }
}

/** The base moved between the rebase and the merge: rebase again onto the new base. */
class BaseMoved extends Error {}

const MAX_BASE_RETRIES = 3

/**
 * `wt land`: a merge queue. One `wt land` at a time (lock file); landings an interrupted run left
 * in flight are finished first; then each queued worker, in priority order, goes through the steps
 * of steps.ts. A conflict or failing gate leaves the base untouched and the worker alive, and tells
 * the worker (safe delivery) until land.max_attempts, then escalates. Every step is an event.
 */
export async function landWorkers(ctx: PoolContext, options: LandOptions): Promise<LandResult> {
  if (!options.all === !options.names?.length) throw new DomainError('USAGE', 'name the workers to land, or pass --all (not both)')
  if (options.gate !== undefined && options.gate.trim() === '') throw new DomainError('INVALID_VALUE', 'invalid --gate: empty command')
  // Long gates hold the lock for minutes: only a dead holder frees it.
  return withLockFile(join(ctx.state.home, 'locks', 'land.lock'), () => landLocked(ctx, options), { timeoutMs: 2000, staleMs: 7 * 86_400_000 }).catch((e) => {
    if (isDomainError(e) && e.code === 'UNAVAILABLE' && /lock/.test(e.message))
      throw new DomainError('UNAVAILABLE', 'another wt land is running', { hint: 'Wait for it (wt events shows its steps).' })
    throw e
  })
}

async function landLocked(ctx: PoolContext, options: LandOptions): Promise<LandResult> {
  await reconcile(ctx)
  const result: LandResult = { dry_run: !!options.dryRun, resumed: [], outcomes: [], skipped: [], landed: 0, failed: 0 }
  const named = options.names ? await Promise.all(options.names.map(async (n) => (await findLive(ctx, n)).name)) : undefined
  if (!options.dryRun) await resumeInFlight(ctx, options, result)

  const { views, rows } = await observeWorkers(ctx, { project: options.project })
  const landings = new Map((await landingDb(dbOf(ctx)).selectFrom('landings').selectAll().execute()).map((r) => [r.worker_id, r]))
  const candidates: Array<LandCandidate & { row: WorkerRow }> = []
  for (const [i, row] of rows.entries()) {
    if (result.outcomes.some((o) => o.worker === row.name)) continue
    const project = await getProject(ctx, row.project)
    const max = maxAttempts(ctx, project)
    const attempts = landings.get(row.id)?.attempts ?? 0
    const priority = await withTracker(project, undefined, async (t) => (await t.get(row.bead)).priority).catch(() => null)
    const ahead = (await ctx.git.branchExists(project.path, row.branch)) ? (await ctx.git.aheadBehind(project.path, row.base_branch, row.branch)).ahead : 0
    candidates.push({
      row,
      name: row.name,
      bead: row.bead,
      priority,
      created_at: row.created_at,
      state: views[i]!.state,
      signal: row.signal,
      commits_ahead: ahead,
      attempts,
      escalated: attempts >= max,
    })
  }
  const decision = landingQueue(candidates, named ? { names: named } : { all: true })
  result.skipped = decision.skipped
  for (const c of decision.queue) {
    const row = candidates.find((x) => x.name === c.name)!.row
    const outcome = options.dryRun ? await predictLanding(ctx, row, options) : await landOne(ctx, row, options, 'rebase')
    result.outcomes.push(outcome)
  }
  result.landed = result.outcomes.filter((o) => o.result === 'landed').length
  result.failed = result.outcomes.filter((o) => !['landed', 'would_land'].includes(o.result)).length
  return result
}

const maxAttempts = (ctx: PoolContext, project: Project) => Number(ctx.config.get('land.max_attempts', project.name).value)
const gateOf = (ctx: PoolContext, project: Project, options: LandOptions) =>
  options.gate ?? (ctx.config.get('land.gate', project.name).value as string | undefined)

/** Finishes (or safely restarts) every landing an interrupted `wt land` left behind. */
async function resumeInFlight(ctx: PoolContext, options: LandOptions, result: LandResult): Promise<void> {
  const db = landingDb(dbOf(ctx))
  const open = await db
    .selectFrom('landings')
    .selectAll()
    .where('step', 'in', [...LAND_STEPS])
    .execute()
  for (const rec of open) {
    const w = await dbOf(ctx).selectFrom('workers').selectAll().where('id', '=', rec.worker_id).executeTakeFirst()
    if (!w) {
      await db.deleteFrom('landings').where('worker_id', '=', rec.worker_id).execute()
      continue
    }
    const project = await getProject(ctx, w.project)
    await dropScratch(ctx, project, rec)
    if (w.ended_at) {
      await db.deleteFrom('landings').where('worker_id', '=', rec.worker_id).execute()
      continue
    }
    const tips = await plumbing.branchTips(project.path)
    const point = resumePoint(
      { step: rec.step as LandStep, base_before: rec.base_before, old_tip: rec.old_tip, new_tip: rec.new_tip },
      { branch_tip: tips.get(w.branch), base_tip: tips.get(rec.base_branch) },
    )
    await recordEvent(ctx, {
      worker: w,
      type: 'land_resumed',
      message: `resuming at ${point.from}${'restart' in point ? ` (${point.restart})` : ''}`,
      data: { from: point.from, was: rec.step },
    })
    result.resumed.push({ worker: w.name, from: point.from })
    result.outcomes.push(await landOne(ctx, w, options, point.from, rec))
  }
}

/** Removes the throw-away rebase worktree of an interrupted landing (it never held the worker's branch). */
async function dropScratch(ctx: PoolContext, project: Project, rec: Pick<Row, 'scratch'>): Promise<void> {
  if (!rec.scratch) return
  if (existsSync(rec.scratch)) await ctx.git.removeWorktree(project.path, rec.scratch).catch(() => rmSync(rec.scratch!, { recursive: true, force: true }))
  await ctx.git.pruneWorktrees(project.path)
}

/** `--dry-run`: what landing would do now, from merge-tree alone; nothing changes and no event is written. */
async function predictLanding(ctx: PoolContext, w: WorkerRow, options: LandOptions): Promise<LandOutcome> {
  const project = await getProject(ctx, w.project)
  const tips = await plumbing.branchTips(project.path)
  const { conflicts } = await plumbing.predictMerge(project.path, tips.get(w.base_branch)!, tips.get(w.branch)!)
  const gate = gateOf(ctx, project, options)
  return {
    worker: w.name,
    bead: w.bead,
    branch: w.branch,
    base: w.base_branch,
    result: conflicts.length ? 'would_conflict' : 'would_land',
    ...(conflicts.length ? { files: conflicts } : {}),
    notes: [gate ? `gate: ${gate}` : 'no gate configured (land.gate)'],
  }
}

/** Runs one worker's landing from `from` to the end, or to the failure that stops it. */
async function landOne(ctx: PoolContext, w: WorkerRow, options: LandOptions, from: LandStep, resumed?: Row): Promise<LandOutcome> {
  const project = await getProject(ctx, w.project)
  const db = landingDb(dbOf(ctx))
  const base = w.base_branch
  const outcome: LandOutcome = { worker: w.name, bead: w.bead, branch: w.branch, base, result: 'landed', notes: [] }
  const event = (type: string, message: string, data: Record<string, unknown> = {}) => recordEvent(ctx, { worker: w, type, message, data })
  let rec: Row = resumed ?? {
    worker_id: w.id,
    worker: w.name,
    step: 'rebase',
    base_branch: base,
    base_before: '',
    old_tip: '',
    new_tip: null,
    scratch: null,
    attempts: (await db.selectFrom('landings').select('attempts').where('worker_id', '=', w.id).executeTakeFirst())?.attempts ?? 0,
    last_failure: null,
    updated_at: isoNow(ctx),
  }
  /** Written before the step runs: an interruption finds it and resumes there. */
  const enter = async (step: LandStep, changes: Partial<Row> = {}) => {
    rec = { ...rec, ...changes, step, updated_at: isoNow(ctx) }
    await db
      .insertInto('landings')
      .values(rec)
      .onConflict((oc) => oc.column('worker_id').doUpdateSet(rec))
      .execute()
  }

  let step: LandStep = from
  for (let baseRetries = 0; ; ) {
    try {
      if (step === 'rebase') {
        const dirty = existsSync(w.worktree) ? await ctx.git.dirtyFiles(w.worktree) : []
        if (dirty.length) throw new LandFailure('dirty', dirty)
        const tips = await plumbing.branchTips(project.path)
        const baseTip = tips.get(base)
        const tip = tips.get(w.branch)
        if (!baseTip || !tip) throw new DomainError('NOT_FOUND', `${!baseTip ? `base branch ${base}` : `branch ${w.branch}`} not found in ${project.path}`)
        const scratch = join(ctx.state.home, 'land', String(w.id))
        await dropScratch(ctx, project, { scratch })
        await enter('rebase', { base_before: baseTip, old_tip: tip, new_tip: null, scratch })
        await event('land_started', `landing ${w.branch} on ${base} (${baseTip.slice(0, 12)})`, { base, base_tip: baseTip, tip })
        let newTip = tip
        if (!(await ctx.git.isAncestor(project.path, baseTip, tip))) {
          await plumbing.addDetachedWorktree(project.path, scratch, tip)
          const r = await plumbing.rebaseDetached(scratch, baseTip)
          await dropScratch(ctx, project, { scratch })
          if (!r.ok) {
            if (!r.conflicts.length) throw new DomainError('FAILED', `rebase of ${w.branch} onto ${base} failed: ${r.message || 'git gave no reason'}`)
            throw new LandFailure('conflict', r.conflicts)
          }
          newTip = r.tip
        }
        await event('land_rebased', `${w.branch} rebased onto ${base}: ${tip.slice(0, 12)} -> ${newTip.slice(0, 12)}`, { from: tip, onto: baseTip, to: newTip })
        await enter('move', { new_tip: newTip, scratch: null })
        step = 'move'
      }
      if (step === 'move') {
        const tip = (await plumbing.branchTips(project.path)).get(w.branch)
        if (tip !== rec.new_tip) {
          if (tip !== rec.old_tip) {
            step = 'rebase' // the worker committed meanwhile: land what it has now
            continue
          }
          const dirty = await ctx.git.dirtyFiles(w.worktree)
          if (dirty.length) throw new LandFailure('dirty', dirty)
          await plumbing.switchBranchTo(w.worktree, rec.new_tip!)
          await event('land_branch_moved', `${w.branch} now at ${rec.new_tip!.slice(0, 12)} (rebased) in ${w.worktree}`, { from: rec.old_tip, to: rec.new_tip })
        }
        await enter('gate')
        step = 'gate'
      }
      if (step === 'gate') {
        const gate = gateOf(ctx, project, options)
        if (gate) {
          const timeoutSeconds = Number(ctx.config.get('land.gate_timeout', project.name).value)
          const run = await runGate(gate, w.worktree, { timeoutSeconds, env: { ...ctx.env, WT_LAND: '1', WT_BASE: base } })
          const gateRun = { command: gate, exit: run.exit, tail: run.tail, ms: run.ms }
          if (!run.ok) throw new LandFailure('gate', [], gateRun)
          outcome.gate = gateRun
          await event('land_gate_passed', `gate passed in ${Math.round(run.ms / 100) / 10} s: ${gate}`, { command: gate, ms: run.ms })
        } else outcome.notes.push('no gate configured (land.gate): landed without one')
        await enter('merge')
        step = 'merge'
      }
      if (step === 'merge') {
        try {
          await plumbing.fastForward(project.path, base, rec.base_before, rec.new_tip!)
        } catch (e) {
          if (isDomainError(e) && e.code === 'CONFLICT') throw new BaseMoved(e.message)
          throw e
        }
        await event('land_merged', `${base} fast-forwarded to ${rec.new_tip!.slice(0, 12)}`, { base, from: rec.base_before, to: rec.new_tip })
        await enter('push')
        step = 'push'
      }
      if (step === 'push') {
        if (await ctx.git.hasRemote(project.path)) {
          const p = await ctx.git.push(project.path, base)
          await event(p.ok ? 'land_pushed' : 'land_push_failed', p.ok ? `pushed ${base} to origin` : `push of ${base} failed: ${p.message}`, { base })
          outcome.notes.push(p.ok ? `pushed ${base} to origin` : `warning: push of ${base} failed: ${p.message}`)
        }
        await enter('close')
        step = 'close'
      }
      if (step === 'close') {
        const commit = rec.new_tip!
        await withTracker(project, w.name, async (t) => {
          if ((await t.get(w.bead)).status !== 'closed')
            await t.close([w.bead], { reason: `landed on ${base} at ${commit.slice(0, 12)} by wt land (${w.name})`, force: true })
        })
        await event('land_bead_closed', `${w.bead} closed`, { bead: w.bead })
        await enter('end')
        step = 'end'
      }
      // end
      const live = await dbOf(ctx).selectFrom('workers').select('ended_at').where('id', '=', w.id).executeTakeFirst()
      if (live && !live.ended_at) {
        await ctx.tmux.killSession(w.session)
        await removeWorktree(ctx, w, project, outcome.notes)
        await ctx.git.deleteBranch(project.path, w.branch, true)
        await endRow(ctx, w, 'done', `landed on ${base} at ${rec.new_tip!.slice(0, 12)} by wt land`, { landed: true, commit: rec.new_tip })
      }
      await db.deleteFrom('landings').where('worker_id', '=', w.id).execute()
      await event('land_landed', `${w.name} landed: ${base} at ${rec.new_tip!.slice(0, 12)}`, { base, commit: rec.new_tip })
      outcome.commit = rec.new_tip!
      return outcome
    } catch (e) {
      if (e instanceof BaseMoved && baseRetries++ < MAX_BASE_RETRIES) {
        await event('land_base_moved', `${e.message}; rebasing again`, {})
        step = 'rebase'
        continue
      }
      if (e instanceof BaseMoved) {
        // Not the worker's fault (a base checkout with changes in the way, a base moving non-stop): the hub's to fix.
        throw new DomainError('CONFLICT', `${base} could not be fast-forwarded to ${w.name}'s rebased branch: ${e.message}`, {
          hint: `Nothing was merged; ${w.name} is kept. Clear what is in the way in ${project.path}, then run wt land again (it resumes).`,
        })
      }
      if (e instanceof LandFailure) return failed(ctx, w, project, rec, outcome, e)
      // Anything else (git missing, a vanished worktree…): stop the queue; the record lets the next run resume.
      throw e
    }
  }
}

/** A failed landing: counted, recorded, and sent back to the worker, or escalated at land.max_attempts. */
async function failed(ctx: PoolContext, w: WorkerRow, project: Project, rec: Row, outcome: LandOutcome, f: LandFailure): Promise<LandOutcome> {
  const max = maxAttempts(ctx, project)
  const attempts = rec.attempts + 1
  const summary =
    f.kind === 'conflict'
      ? `conflicts in ${f.files.join(', ')}`
      : f.kind === 'dirty'
        ? `uncommitted changes in ${f.files.join(', ')}`
        : `gate \`${f.gateRun!.command}\` failed (${f.gateRun!.exit})`
  const row = { ...rec, step: 'failed', attempts, last_failure: summary, scratch: null, updated_at: isoNow(ctx) }
  await landingDb(dbOf(ctx))
    .insertInto('landings')
    .values(row)
    .onConflict((oc) => oc.column('worker_id').doUpdateSet(row))
    .execute()
  const kind: LandResultKind = f.kind === 'gate' ? 'gate_failed' : f.kind
  Object.assign(outcome, { result: kind, attempts, ...(f.files.length ? { files: f.files } : {}), ...(f.gateRun ? { gate: f.gateRun } : {}) })
  await recordEvent(ctx, {
    worker: w,
    type: 'land_failed',
    message: `${w.name} not landed (attempt ${attempts}/${max}): ${summary}; ${w.base_branch} unchanged`,
    data: { kind: f.kind, files: f.files, tail: f.gateRun?.tail, attempt: attempts },
  })
  if (attempts >= max) {
    outcome.escalated = true
    const note = `wt land: ${attempts} failed landings of ${w.branch} (last: ${summary}). Needs a person: look at ${w.name} (wt ${w.name}), then land it by name (wt land ${w.name}) or reset it (wt escalate ${w.name} 3).`
    await withTracker(project, w.name, (t) => t.addComment(w.bead, note)).catch(() => undefined)
    await recordEvent(ctx, { worker: w, type: 'land_escalated', message: note, data: { attempts } })
    outcome.notes.push(note)
    return outcome
  }
  const text = failureMessage({
    base: w.base_branch,
    kind: f.kind,
    files: f.files,
    gate: f.gateRun?.command,
    tail: f.gateRun?.tail,
    exit: f.gateRun?.exit,
    attempt: attempts,
    max,
  })
  try {
    const sent = await sendToWorker(ctx, w.name, text)
    outcome.sent_back = true
    await recordEvent(ctx, {
      worker: w,
      type: 'land_sent_back',
      message: `failure sent to ${w.name}${sent.verified ? '' : ' (not verified on screen)'}`,
      data: { verified: sent.verified },
    })
  } catch (e) {
    if (!isDomainError(e)) throw e
    outcome.sent_back = false
    outcome.notes.push(`could not tell ${w.name}: ${e.message}`)
    await recordEvent(ctx, { worker: w, type: 'land_send_failed', message: e.message })
  }
  return outcome
}
