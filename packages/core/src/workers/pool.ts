import { ExecTmux } from '../adapters/tmux/exec-tmux.js'
import type { Tmux } from '../adapters/tmux/tmux.js'
import type { Git } from '../adapters/git/git.js'
import { execGit } from '../adapters/git/repo.js'
import { ConfigStore } from './config.js'
import type { PoolContext } from './context.js'
import { closeWorker, type DoneOptions, type DoneResult, finishWorker, killWorker } from './ending.js'
import { listEvents } from './events.js'
import { fillCapacity, type FillOptions } from './fill.js'
import { findLive } from './find.js'
import { addProject, listProjects, removeProject } from './projects.js'
import { reconcile } from './reconcile.js'
import { type SpawnOptions, spawnWorker } from './spawn.js'
import { openWtState, wtHome, type WtState } from './state.js'
import { answerMenu } from './answer.js'
import { keepOthersFromWriting } from './private-state.js'
import { type HookPayload, recordHook, sendToWorker, signalWorker, workerStatus } from './talk.js'
import { briefing } from './brief.js'
import { type EscalateOptions, escalateWorker } from './escalate.js'
import { listWorkers } from './observe.js'
import { readyAcrossProjects, type ReadyAcrossOptions } from './ready.js'
import { watchInterval, watchStep } from './watch.js'
import type { WatchMemory } from './watch-tick.js'
import { predictConflicts } from '../landing/conflicts.js'
import { type LandOptions, landWorkers } from '../landing/land.js'

export interface PoolOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  home?: string
  tmux?: Tmux
  git?: Git
  wtArgv?: readonly string[]
  now?: () => Date
}

/**
 * The worker pool service: one object over wt.db, config.json, tmux and git. Every method
 * reconciles with tmux first where the answer depends on it. Commands call exactly one method.
 */
export class WorkerPool {
  constructor(readonly ctx: PoolContext) {}

  static async open(options: PoolOptions = {}): Promise<WorkerPool> {
    keepOthersFromWriting()
    const env = options.env ?? process.env
    const home = options.home ?? wtHome(env)
    const state: WtState = await openWtState(home)
    return new WorkerPool({
      state,
      config: new ConfigStore(home),
      tmux: options.tmux ?? new ExecTmux({ env }),
      git: options.git ?? execGit,
      env,
      cwd: options.cwd ?? process.cwd(),
      wtArgv: options.wtArgv ?? ['wt'],
      now: options.now ?? (() => new Date()),
    })
  }

  close(): Promise<void> {
    return this.ctx.state.close()
  }

  get config(): ConfigStore {
    return this.ctx.config
  }

  addProject = (name: string, path: string, branch?: string) => addProject(this.ctx, name, path, branch)
  removeProject = (name: string) => removeProject(this.ctx, name)
  projects = () => listProjects(this.ctx)
  reconcile = () => reconcile(this.ctx)
  spawn = (options: SpawnOptions) => spawnWorker(this.ctx, options)
  fill = (options: FillOptions = {}) => fillCapacity(this.ctx, options)
  list = (options: { all?: boolean; project?: string } = {}) => listWorkers(this.ctx, options)
  send = (nameOrBead: string, text: string, options: { raw?: boolean } = {}) => sendToWorker(this.ctx, nameOrBead, text, options)
  answer = (nameOrBead: string, option: string) => answerMenu(this.ctx, nameOrBead, option)
  signal = (state: string, message?: string) => signalWorker(this.ctx, state, message)
  status = () => workerStatus(this.ctx)
  hook = (event: string, payload: HookPayload) => recordHook(this.ctx, event, payload)
  kill = (nameOrBead: string, options: { keepWorktree?: boolean; force?: boolean } = {}) => killWorker(this.ctx, nameOrBead, options)
  closeWorker = (nameOrBead: string, options: { force?: boolean } = {}) => closeWorker(this.ctx, nameOrBead, options)
  done = (options: DoneOptions, report: (r: DoneResult) => void) => finishWorker(this.ctx, options, report)
  watch = (options: { memory?: WatchMemory; autoNudge?: boolean; project?: string; conflictsSeen?: Set<string> } = {}) => watchStep(this.ctx, options)
  escalate = (nameOrBead: string, rung: string, message?: string, options: EscalateOptions = {}) => escalateWorker(this.ctx, nameOrBead, rung, message, options)
  watchInterval = (flag: string | undefined, project?: string) => watchInterval(this.ctx, flag, project)
  ready = (options: ReadyAcrossOptions = {}) => readyAcrossProjects(this.ctx, options)
  brief = (options: { since?: string } = {}) => briefing(this.ctx, options)
  /** Seance over this pool's registry (loaded on demand: only `wt seance` needs the transcript code). */
  seances = async () => new (await import('../seance/workers.js')).WorkerSeances(this.ctx.state, this.ctx.config, this.ctx.env)
  conflicts = (options: { project?: string } = {}) => predictConflicts(this.ctx, options)
  land = (options: LandOptions) => landWorkers(this.ctx, options)
  events = (options: { since?: string; limit?: number; worker?: string } = {}) => listEvents(this.ctx, options)

  /** `wt <name|bead>`: switch-client inside tmux, attach outside. */
  async switchTo(nameOrBead: string): Promise<string> {
    await reconcile(this.ctx)
    const w = await findLive(this.ctx, nameOrBead)
    await this.ctx.tmux.switchTo(w.session, !!this.ctx.env.TMUX)
    return w.name
  }
}
