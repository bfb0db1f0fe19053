import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { neutralizeForPaste } from '../text/controls.js'
import { presets } from './rules/presets.js'
import { deliverText } from './deliver.js'
import type { Menu } from './rules/menu.js'
import { refuseOnMenu } from './answer.js'
import { presetOf } from './observe.js'
import { awaitStartup } from './startup.js'
import type { Issue } from '../tracker/types.js'
import { installClaudeHooks, LOCAL_SETTINGS } from './agent-hooks.js'
import { killGroup, resolveExecutable, runShellHook } from '../adapters/processes.js'
import { writeTransaction } from '../storage/write-transaction.js'
import { type PoolContext, type WorkerRow, dbOf, isoNow, realpathOr, recordEvent } from './context.js'
import { pickName, validateName } from './rules/namepool.js'
import { pickPortOffset } from './ports.js'
import { agentPlan } from './rules/presets.js'
import { releaseBead, resolveProject, withTracker } from './projects.js'
import { workerEnv } from './worker-env.js'
import { initialPrompt } from './rules/prompt.js'
import { reconcile } from './reconcile.js'

export interface SpawnOptions {
  bead: string
  name?: string
  project?: string
  noPrompt?: boolean
  shell?: boolean
  force?: boolean
  /** Refuse (CONFLICT, `capacity`) when this many live workers already exist: `wt new --ready`'s max, checked under the write lock. */
  maxLive?: number
}

export interface SpawnResult {
  worker: WorkerRow
  prompt: 'arg' | 'keys' | 'none'
  /** ms from the start of spawn until the prompt was delivered (or the agent started, without one). */
  elapsed_ms: number
  /** The menu the new agent waits on (e.g. folder trust): `wt answer` it. */
  menu: Menu | null
}

/**
 * `wt new`: refuse early, reserve a name and port offset atomically, claim the bead, create the
 * worktree, install agent hooks, run hooks.on_create, start the session with the agent as the pane
 * process, deliver the prompt. Any failure undoes every step already taken, in reverse order.
 */
export async function spawnWorker(ctx: PoolContext, options: SpawnOptions): Promise<SpawnResult> {
  const started = Date.now()
  const panes = await reconcile(ctx)
  const project = await resolveProject(ctx, options.bead, options.project)
  const settings = ctx.config.settings(project.name)
  const plan = agentPlan(settings, { shell: options.shell, env: ctx.env })
  if (options.name !== undefined) validateName(options.name)

  // 1. Refusals that need nothing undone.
  const issue: Issue = await withTracker(project, undefined, async (t) => t.get(await t.resolveId(options.bead)))
  if (issue.status === 'closed') throw new DomainError('NOT_CLAIMABLE', `${issue.id} is closed`, { hint: `Reopen it first: bd reopen ${issue.id}` })
  if (issue.issue_type === 'epic' && !options.force)
    throw new DomainError('NOT_CLAIMABLE', `${issue.id} is an epic`, { hint: 'Spawn workers for its children, or pass --force.' })
  const db = dbOf(ctx)
  const holder = await db
    .selectFrom('workers')
    .select('name')
    .where('project', '=', project.name)
    .where('bead', '=', issue.id)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  if (holder) throw new DomainError('DUPLICATE', `${issue.id} already has a live worker: ${holder.name}`, { hint: `Switch to it: wt ${holder.name}` })
  if (!plan.argv[0] || !resolveExecutable(plan.argv[0], ctx.env, ctx.cwd)) {
    throw new DomainError('UNAVAILABLE', `agent command not found: ${plan.argv[0] ?? '(empty)'}`, {
      hint: 'Install it, or set another: wt config set agent.command <program>',
    })
  }
  const base = settings.baseBranch ?? project.base_branch
  const baseCommit = await ctx.git.revParse(project.path, base)
  if (!baseCommit)
    throw new DomainError('NOT_FOUND', `base branch not found in ${project.path}: ${base}`, {
      hint: 'Set it: wt config set base_branch <branch> --project ' + project.name,
    })
  mkdirSync(settings.worktreeRoot, { recursive: true })
  const worktree = join(realpathOr(settings.worktreeRoot), issue.id)
  if (existsSync(worktree))
    throw new DomainError('CONFLICT', `worktree path already exists: ${worktree}`, { hint: 'Remove it, or end the worker that used it.' })

  // 2 + 5. Name and port offset, reserved together under the write lock.
  const now = isoNow(ctx)
  const worker = await writeTransaction(db, async (trx) => {
    const live = await trx.selectFrom('workers').select(['name', 'port_offset', 'project', 'bead', 'state']).where('ended_at', 'is', null).execute()
    // Capacity under the same lock: concurrent fills each saw a free slot before spawning (a spawn
    // takes seconds: the agent must be seen started).
    const alive = live.filter((w) => w.state !== 'dead').length
    if (options.maxLive !== undefined && alive >= options.maxLive) {
      throw new DomainError('CONFLICT', `capacity reached: ${alive} live workers (max ${options.maxLive})`, { fields: { capacity: true } })
    }
    // Checked again under the lock: two `wt new --ready` racing for one bead both passed the check above.
    const rival = live.find((w) => w.project === project.name && w.bead === issue.id)
    if (rival) throw new DomainError('DUPLICATE', `${issue.id} already has a live worker: ${rival.name}`, { hint: `Switch to it: wt ${rival.name}` })
    const names = new Set(live.map((w) => w.name))
    // Sessions that are not workers (the user's own) are taken too: tmux names must be unique.
    const name = options.name ?? pickName(settings.namepool, new Set([...names, ...panes.keys()]))
    if (names.has(name) || panes.has(name))
      throw new DomainError('DUPLICATE', `a live worker or tmux session is already named ${name}`, { hint: 'Pick another --name, or end that worker.' })
    const offset = await pickPortOffset(new Set(live.map((w) => w.port_offset)), settings.ports)
    const row = {
      name,
      project: project.name,
      bead: issue.id,
      title: issue.title,
      worktree,
      branch: issue.id,
      base_branch: base,
      base_commit: baseCommit,
      port_offset: offset,
      session: name,
      agent_command: plan.argv.join(' '),
      preset: plan.preset.name,
      state: 'spawning',
      state_at: now,
      signal: null,
      signal_message: null,
      signal_at: null,
      created_at: now,
      ended_at: null,
      end_reason: null,
      spawn_pid: process.pid as number | null,
      spawn_hook_pid: null as number | null,
    }
    const { id } = await trx.insertInto('workers').values(row).returning('id').executeTakeFirstOrThrow()
    return {
      ...row,
      id,
      escalation_level: 0,
      nudge_count: 0,
      hook_event: null,
      hook_message: null,
      hook_at: null,
      nudged_at: null,
      announced_state: null,
    } satisfies WorkerRow
  })

  const undo: Array<() => Promise<unknown>> = [() => db.deleteFrom('workers').where('id', '=', worker.id).execute()]
  // Ctrl-C (or a kill) mid-spawn: let the step in flight finish, then undo everything.
  let interrupted: string | undefined
  let hookGroup: number | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal
    // The hook runs in its own process group, out of reach of the terminal's Ctrl-C: end it here.
    if (hookGroup) killGroup(hookGroup)
  }
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const s of signals) process.on(s, onSignal)
  const checkpoint = () => {
    if (interrupted) throw new DomainError('FAILED', `wt new interrupted (${interrupted}): every step was undone`)
  }
  try {
    // 3. Claim: compare-and-swap, assignee = worker name.
    await withTracker(project, worker.name, (t) => t.claim(issue.id))
    undo.push(() => releaseBead(project, issue.id, worker.name))
    checkpoint()

    // 4. Worktree on branch <bead-id> (reused when it exists) and the agent's hooks.
    const { createdBranch } = await ctx.git.addWorktree(project.path, worktree, worker.branch, base)
    undo.push(async () => {
      await ctx.git.removeWorktree(project.path, worktree)
      if (createdBranch) await ctx.git.deleteBranch(project.path, worker.branch, true)
    })
    checkpoint()
    if (!createdBranch) {
      const mb = await ctx.git.mergeBase(project.path, base, worker.branch)
      if (mb && mb !== worker.base_commit) {
        worker.base_commit = mb
        await db.updateTable('workers').set({ base_commit: mb }).where('id', '=', worker.id).execute()
      }
    }
    if (plan.preset.claudeHooks) {
      installClaudeHooks(worktree, ctx.wtArgv)
      await ctx.git.excludeLocally(project.path, `/${LOCAL_SETTINGS}`)
    }

    // 6. hooks.on_create, then the session with the agent as the pane's process.
    const env = workerEnv(ctx, worker, project, settings.ports, settings.portEnv)
    if (settings.onCreate) {
      await runShellHook('hooks.on_create', settings.onCreate, worktree, { ...ctx.env, ...env }, (pid) => {
        hookGroup = pid
        void db.updateTable('workers').set({ spawn_hook_pid: pid }).where('id', '=', worker.id).execute()
      })
      hookGroup = undefined
      await db.updateTable('workers').set({ spawn_hook_pid: null }).where('id', '=', worker.id).execute()
    }
    const prompt = options.noPrompt || options.shell ? undefined : initialPrompt(issue, { name: worker.name, branch: worker.branch, base })
    // The bead's text is someone else's: shaped like any typed text, as an argument too (argv keeps its line breaks).
    const input = presets[presetOf(ctx, worker)].input
    const argv = prompt !== undefined && plan.promptVia === 'arg' ? [...plan.argv, neutralizeForPaste(prompt, { ...input, bracketedPaste: true })] : plan.argv
    await newSessionWithRetry(ctx, { name: worker.session, cwd: worktree, env, command: argv })
    undo.push(() => ctx.tmux.killSession(worker.session))
    checkpoint()
    await ctx.tmux.setWindowOption(worker.session, 'remain-on-exit', 'on').catch(() => undefined)
    await db
      .updateTable('workers')
      .set({ state: 'starting', state_at: isoNow(ctx) })
      .where('id', '=', worker.id)
      .execute()
    worker.state = 'starting'

    // 7. Prompt typed once the agent is at its prompt (keys), or already given as its argument; either
    // way, success only once the agent is seen started (alive, at its prompt, working or on a menu).
    const check = {
      preset: presetOf(ctx, worker),
      readyPattern: plan.readyPattern,
      timeoutMs: settings.readyTimeout * 1000,
      aliveMs: settings.startCheck * 1000,
      stop: () => !!interrupted,
    }
    let menu: Menu | null = null
    if (prompt !== undefined && plan.promptVia === 'keys') {
      await awaitStartup(ctx, worker, { ...check, want: 'ready' })
      checkpoint()
      const delivery = await deliverText(ctx.tmux, worker.session, prompt, { guard: refuseOnMenu(ctx, worker), input })
      if (!delivery.verified)
        throw new DomainError('FAILED', `${worker.name}: the first prompt was typed but its screen never showed it submitted; every step was undone`, {
          hint: 'Check agent.ready_pattern, or use agent.prompt_via=arg.',
        })
    } else {
      menu = (await awaitStartup(ctx, worker, { ...check, want: 'started' })).menu
    }
    checkpoint()
    await db.updateTable('workers').set({ spawn_pid: null }).where('id', '=', worker.id).execute()
    worker.spawn_pid = null
    await recordEvent(ctx, {
      worker,
      type: 'spawned',
      message: `${worker.name} on ${issue.id}`,
      data: { port_offset: worker.port_offset, branch: worker.branch, worktree },
    })
    return { worker, prompt: prompt === undefined ? 'none' : plan.promptVia, elapsed_ms: Date.now() - started, menu }
  } catch (e) {
    for (const step of undo.reverse()) await step().catch(() => undefined)
    throw e
  } finally {
    for (const s of signals) process.off(s, onSignal)
  }
}

async function newSessionWithRetry(ctx: PoolContext, o: Parameters<PoolContext['tmux']['newSession']>[0]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.tmux.newSession(o)
    } catch (e) {
      // Several first sessions racing to start one server can fail transiently.
      if (attempt >= 3 || /duplicate session/i.test((e as Error).message) || (await ctx.tmux.hasSession(o.name))) throw e
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)))
    }
  }
}
