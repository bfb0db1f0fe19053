import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { deliverText, type Delivery } from './deliver.js'
import { type PoolContext, type WorkerRow, dbOf, isoNow, recordEvent } from './context.js'
import { currentWorker, findLive } from './find.js'
import { withLockFile } from './lock.js'
import { refuseOnMenu } from './answer.js'
import { dispatchText } from './rules/prompt.js'
import { reconcile } from './reconcile.js'
import type { SignalState } from './schema.js'
import { existsSync } from 'node:fs'
import { writeTransaction } from '../storage/write-transaction.js'
import type { HookKind } from './rules/states.js'
import { observeWorkers, presetOf, recordedView, type WorkerView } from './observe.js'
import { presets } from './rules/presets.js'

export const SIGNAL_STATES: readonly SignalState[] = ['working', 'idle', 'waiting', 'blocked', 'error', 'done']

export interface SendResult extends Omit<Delivery, 'typed'> {
  worker: string
  /** The text as typed into the agent. */
  text: string
}

/** `wt send`: the safe two-step dispatch, one sender at a time per worker (lock file per worker id). */
export async function sendToWorker(ctx: PoolContext, nameOrBead: string, text: string, options: { raw?: boolean } = {}): Promise<SendResult> {
  if (text.trim() === '') throw new DomainError('USAGE', 'nothing to send: the text is empty')
  await reconcile(ctx)
  const w = await findLive(ctx, nameOrBead)
  if (w.state === 'dead') throw new DomainError('UNAVAILABLE', `worker ${w.name} is dead (its tmux session is gone)`, { hint: `End it: wt kill ${w.name}` })
  if (w.state === 'exited')
    throw new DomainError('UNAVAILABLE', `worker ${w.name}'s agent has exited`, { hint: `Look at it (wt ${w.name}) or end it (wt kill ${w.name}).` })
  const body = dispatchText(text, options.raw ?? false)
  const input = { ...presets[presetOf(ctx, w)].input, firstLineAsIs: options.raw ?? false }
  const delivery = await withLockFile(join(ctx.state.home, 'locks', `send-${w.id}.lock`), () =>
    deliverText(ctx.tmux, w.session, body, { guard: refuseOnMenu(ctx, w), input }),
  )
  const typed = delivery.typed
  await recordEvent(ctx, {
    worker: w,
    type: 'sent',
    message: typed.length > 200 ? typed.slice(0, 200) + '…' : typed,
    data: { enters: delivery.enters, verified: delivery.verified },
  })
  if (!delivery.verified) {
    throw new DomainError(
      'FAILED',
      `sent to ${w.name}, but its screen never showed the text submitted (Enter pressed ${delivery.enters} time${delivery.enters === 1 ? '' : 's'})`,
      {
        hint: `Look at it before sending again: wt ${w.name}`,
        fields: { enters: delivery.enters, verified: false },
      },
    )
  }
  return { worker: w.name, text: typed, enters: delivery.enters, verified: delivery.verified }
}

/** `wt signal`: the worker's own report of its state, stored with a timestamp. */
export async function signalWorker(ctx: PoolContext, state: string, message?: string): Promise<WorkerRow> {
  if (!SIGNAL_STATES.includes(state as SignalState))
    throw new DomainError('USAGE', `invalid signal state: ${JSON.stringify(state)}`, { hint: `One of: ${SIGNAL_STATES.join(', ')}` })
  const w = await currentWorker(ctx)
  const at = isoNow(ctx)
  await dbOf(ctx)
    .updateTable('workers')
    .set({ signal: state, signal_message: message ?? null, signal_at: at })
    .where('id', '=', w.id)
    .execute()
  await recordEvent(ctx, { worker: w, type: 'signal', message: message ? `${state}: ${message}` : state, data: { state } })
  return { ...w, signal: state, signal_message: message ?? null, signal_at: at }
}

/** `wt status`: the worker's list row plus its uncommitted files. */
export interface StatusView extends WorkerView {
  dirty: boolean
  dirty_files: string[]
}

export async function workerStatus(ctx: PoolContext): Promise<StatusView> {
  const w = await currentWorker(ctx)
  const view = (await observeWorkers(ctx, { names: [w.name] })).views[0] ?? recordedView(w)
  const dirtyFiles = existsSync(w.worktree) ? await ctx.git.dirtyFiles(w.worktree) : []
  return { ...view, dirty: dirtyFiles.length > 0, dirty_files: dirtyFiles }
}

/** `wt hook <event>` → the hook report the watcher weighs (rules/states.ts `HookKind`). */
export const HOOK_KINDS: Record<string, HookKind> = {
  'session-start': 'session_start',
  'prompt-submit': 'prompt_submitted',
  stop: 'turn_stopped',
  notification: 'notification',
  permission: 'permission',
}
const ALIASES: Record<string, string> = {
  SessionStart: 'session-start',
  UserPromptSubmit: 'prompt-submit',
  Stop: 'stop',
  Notification: 'notification',
  PermissionRequest: 'permission',
}

export interface HookPayload {
  session_id?: string
  transcript_path?: string
  cwd?: string
  message?: string
  [key: string]: unknown
}

/**
 * `wt hook <event>`: records the report on the worker's row (the watcher weighs it against the
 * screen; it does not set the state by itself) and, on session start, the agent session.
 */
export async function recordHook(ctx: PoolContext, event: string, payload: HookPayload): Promise<{ worker: string; event: string; hook: HookKind }> {
  const name = ALIASES[event] ?? event
  const hook = HOOK_KINDS[name]
  if (!hook) throw new DomainError('USAGE', `unknown hook event: ${JSON.stringify(event)}`, { hint: `One of: ${Object.keys(HOOK_KINDS).join(', ')}` })
  const w = await currentWorker(payload.cwd && !ctx.env.WT_SESSION ? { ...ctx, cwd: payload.cwd } : ctx)
  const db = dbOf(ctx)
  const at = isoNow(ctx)
  const message = typeof payload.message === 'string' ? payload.message.slice(0, 500) : null
  await writeTransaction(db, async (trx) => {
    await trx.updateTable('workers').set({ hook_event: hook, hook_message: message, hook_at: at }).where('id', '=', w.id).execute()
    if (hook === 'session_start' && payload.session_id) {
      await trx
        .insertInto('agent_sessions')
        .values({ worker_id: w.id, session_id: payload.session_id, transcript_path: payload.transcript_path ?? null, cwd: payload.cwd ?? null, started_at: at })
        .onConflict((oc) => oc.columns(['worker_id', 'session_id']).doUpdateSet({ transcript_path: payload.transcript_path ?? null }))
        .execute()
    }
    await recordEvent(
      ctx,
      {
        worker: w,
        type: 'hook',
        message: message ? `${hook}: ${message}` : hook,
        data: { hook, session_id: payload.session_id, transcript_path: payload.transcript_path },
      },
      trx,
    )
  })
  return { worker: w.name, event: name, hook }
}
