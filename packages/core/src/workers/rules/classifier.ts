/**
 * The worker-state classifier: a pure function of what one watch tick knows about one worker.
 *
 * Precedence, strongest first (each step decides, or passes to the next):
 *  1. tmux facts. No session → `dead`. Pane dead, or the pane's current command is a plain shell for
 *     an agent preset with no other program beneath it (the agent ended; a wrapper script still
 *     running its agent is alive), or tmux's "Pane is dead" / a returned shell prompt on screen
 *     → `exited`.
 *  2. Reports: the newest of the last hook report and the last `wt signal`, except that a signal
 *     (other than `working`) outlives the hooks that naturally follow it (turn stopped, notification,
 *     session start): an agent that signals `done` and ends its turn stays `done`.
 *     A report holds until it is contradicted: the screen changed after it (beyond `report_grace`,
 *     which absorbs the redraw that follows every hook) and the screen now reads, decisively, a state
 *     the report rules out (table `contradictedBy`). So a stale "prompt submitted" does not keep a
 *     worker `working` once its screen has settled on the idle prompt, yet a `done` signal is not
 *     undone by the idle prompt that follows it. A menu on screen overrides a report at once, however
 *     soon after it the menu came. A screen that says nothing never overrides a report.
 *  3. The screen, per preset (presets.ts): waiting, working, interrupted (→ `idle`, flagged), and
 *     idle only once the screen has been unchanged for `watch.debounce` seconds (before that:
 *     `working`, "settling").
 *  4. Activity age: a worker younger than `watch.start_grace` is `starting`; recent pane output
 *     (within the debounce) is `working`; otherwise `idle`.
 *  Then: a `working`, `idle` or `starting` worker whose quiet time reaches `idle.stuck` is `stuck`.
 *  Quiet time counts from the newest of: pane activity, screen change, hook or signal, newest file
 *  write in the worktree, HEAD's commit time, creation. A worker whose disk keeps changing is
 *  therefore never `stuck`, however silent its pane.
 */
import { withDefaults, type WatchConfig } from './settings.js'
import { suggestAction, type SuggestedAction } from './ladder.js'
import { describeMenu, type Menu } from './menu.js'
import { presets, readScreen, shellCommands, type Preset, type PresetName, type ScreenMatch, type ScreenReading } from './presets.js'
import type { DiskProgress, HookKind, HookReport, PaneInfo, SignalKind, SignalReport, WorkerState } from './states.js'

export interface ScreenSnapshot {
  text: string
  /** When this text was first seen (the screen has not changed since). */
  changedAt: Date
}

export interface ClassifyInput {
  now: Date
  preset: PresetName | Preset
  createdAt: Date
  /** The worker's pane; null when its tmux session is gone. */
  pane: PaneInfo | null
  /**
   * Commands running under the pane's process (its descendants), when the pane runs a shell: a
   * wrapper script that started the agent without `exec` is a shell with the agent beneath it.
   */
  processes?: readonly string[] | null
  screen?: ScreenSnapshot | null
  hook?: HookReport | null
  signal?: SignalReport | null
  disk?: DiskProgress | null
  config?: Partial<WatchConfig>
}

export type EvidenceSource = 'tmux' | 'signal' | 'hook' | 'screen' | 'activity' | 'age'

export interface Evidence {
  source: EvidenceSource
  detail: string
  at: Date | null
}

export interface Classification {
  state: WorkerState
  /** The evidence that decided the state. */
  evidence: Evidence
  /** The agent's last turn was cut short (the screen says so); nudge candidates. */
  interrupted: boolean
  idle_seconds: number
  quiet_since: Date
  action: SuggestedAction
  message: string | null
  /** The menu the worker waits on (question and options), when the screen shows one. */
  menu: Menu | null
}

/** What a report claims, before it is weighed against the screen. */
type Meaning = 'started' | 'working' | 'idle' | 'asked' | 'blocked' | 'done'

const hookMeaning: Record<HookKind, Meaning> = {
  session_start: 'started',
  prompt_submitted: 'working',
  turn_stopped: 'idle',
  permission: 'asked',
  notification: 'asked',
}
/** Claude Code also notifies after a long idle prompt; that notification means idle, not a question. */
const idleNotification = /waiting for your input/i

const signalMeaning: Record<SignalKind, Meaning> = {
  working: 'working',
  idle: 'idle',
  waiting: 'blocked',
  blocked: 'blocked',
  error: 'blocked',
  done: 'done',
}

const meaningState: Record<Meaning, WorkerState> = {
  started: 'starting',
  working: 'working',
  idle: 'idle',
  asked: 'waiting',
  blocked: 'waiting',
  done: 'done',
}

/** Screen readings (made after the report) that overturn it. */
const contradictedBy: Record<Meaning, readonly ScreenReading[]> = {
  started: ['working', 'waiting', 'idle', 'interrupted'],
  working: ['waiting', 'idle', 'interrupted'],
  idle: ['working', 'waiting', 'interrupted'],
  asked: ['working', 'idle', 'interrupted'],
  blocked: ['working'],
  done: ['working', 'waiting'],
}

/** Hooks that follow a signal as its natural aftermath and so do not replace it. */
const signalAftermath: ReadonlySet<HookKind> = new Set<HookKind>(['turn_stopped', 'notification', 'session_start'])

const readingState: Record<ScreenReading, WorkerState> = {
  working: 'working',
  waiting: 'waiting',
  idle: 'idle',
  interrupted: 'idle',
  exited: 'exited',
}

/** States that turn `stuck` after `idle.stuck` seconds without activity or disk progress. */
const canStall: ReadonlySet<WorkerState> = new Set<WorkerState>(['working', 'idle', 'starting'])

interface Report {
  source: 'hook' | 'signal'
  label: string
  meaning: Meaning
  at: Date
  message: string | null
}

interface Decision {
  state: WorkerState
  evidence: Evidence
  interrupted?: boolean
  report?: Report
}

export function classify(input: ClassifyInput): Classification {
  const config = withDefaults(input.config)
  const preset = typeof input.preset === 'string' ? presets[input.preset] : input.preset
  const now = input.now.getTime()
  const match = input.screen ? readScreen(preset, input.screen.text) : null

  const quietSince = new Date(
    Math.min(
      now,
      Math.max(
        ...[
          input.createdAt,
          input.pane?.activityAt,
          input.screen?.changedAt,
          // An agent's notification (Claude Code's "waiting for your input" after 60 s) is not activity.
          input.hook?.kind === 'notification' ? null : input.hook?.at,
          input.signal?.at,
          input.disk?.newestWriteAt,
          input.disk?.lastCommitAt,
        ].map((d) => (d ? d.getTime() : -Infinity)),
      ),
    ),
  )
  const idleSeconds = Math.max(0, Math.floor((now - quietSince.getTime()) / 1000))

  let decision = decide(input, preset, match, config)
  if (canStall.has(decision.state) && idleSeconds >= config.idleStuck) {
    decision = {
      state: 'stuck',
      evidence: { source: 'activity', detail: `no activity and no disk progress for ${duration(idleSeconds)}`, at: quietSince },
      report: decision.report,
    }
  }
  const menu = decision.state === 'waiting' ? (match?.menu ?? null) : null
  const message = menu ? describeMenu(menu) : (decision.report?.message ?? input.signal?.message ?? null)
  return {
    menu,
    state: decision.state,
    evidence: decision.evidence,
    interrupted: decision.interrupted ?? false,
    idle_seconds: idleSeconds,
    quiet_since: quietSince,
    action: suggestAction(decision.state, idleSeconds, config),
    message,
  }
}

function decide(input: ClassifyInput, preset: Preset, match: ScreenMatch | null, config: WatchConfig): Decision {
  const now = input.now.getTime()
  const { pane, screen } = input

  // 1. tmux facts.
  if (!pane) return { state: 'dead', evidence: { source: 'tmux', detail: 'tmux session gone', at: null } }
  if (pane.dead) {
    const status = pane.deadStatus === null ? '' : ` (status ${pane.deadStatus})`
    return { state: 'exited', evidence: { source: 'tmux', detail: `pane dead${status}`, at: pane.activityAt } }
  }
  const command = pane.currentCommand.split('/').pop() ?? ''
  const isShell = (c: string) => shellCommands.has(c.replace(/^-/, ''))
  const agentBeneath = input.processes?.find((c) => !isShell(c))
  if (preset.agentExitsToShell && isShell(command) && !agentBeneath) {
    return { state: 'exited', evidence: { source: 'tmux', detail: `agent ended: the pane runs ${command}`, at: pane.activityAt } }
  }
  if (match?.reading === 'exited') return { state: 'exited', evidence: screenEvidence(preset, match, screen!) }
  if (preset.waitingCommands.includes(command)) {
    return { state: 'waiting', evidence: { source: 'tmux', detail: `the pane runs ${command}, which waits for a person`, at: pane.activityAt } }
  }

  // 2. Reports, unless the screen has since contradicted them.
  const settled = !!screen && now - screen.changedAt.getTime() >= config.debounce * 1000
  const decisive: ScreenReading | null = match && (match.reading !== 'idle' || settled) ? match.reading : null
  const report = pickReport(input.hook ?? null, input.signal ?? null)
  const young = (since: Date) => now - since.getTime() < config.startGrace * 1000
  if (report) {
    const screenAfter = !!screen && screen.changedAt.getTime() > report.at.getTime() + config.reportGrace * 1000
    // A menu on screen is a fact whenever it appeared: the agent waits on it (Claude Code's offers pop
    // up within a second of the Stop hook, inside the grace that absorbs a hook's redraw).
    const onMenu = !!match?.menu && contradictedBy[report.meaning].includes('waiting')
    const contradicted = onMenu || (screenAfter && decisive !== null && contradictedBy[report.meaning].includes(decisive))
    if (!contradicted && (report.meaning !== 'started' || young(report.at))) {
      return {
        state: meaningState[report.meaning],
        evidence: { source: report.source, detail: report.label + (report.message ? `: ${clip(report.message)}` : ''), at: report.at },
        report,
      }
    }
  }

  // 3. The screen.
  if (decisive && match) {
    return { state: readingState[decisive], evidence: screenEvidence(preset, match, screen!), interrupted: decisive === 'interrupted' }
  }
  if (match?.reading === 'idle' && screen) {
    const age = Math.floor((now - screen.changedAt.getTime()) / 1000)
    const detail = `screen (${preset.name}): ${match.label}, settling (${age}s of ${config.debounce}s)`
    return { state: young(input.createdAt) ? 'starting' : 'working', evidence: { source: 'screen', detail, at: screen.changedAt } }
  }

  // 4. Activity age.
  if (young(input.createdAt)) {
    return { state: 'starting', evidence: { source: 'age', detail: 'started recently, nothing decisive on screen yet', at: input.createdAt } }
  }
  const last = Math.max(pane.activityAt?.getTime() ?? -Infinity, screen?.changedAt.getTime() ?? -Infinity)
  if (Number.isFinite(last) && now - last < config.debounce * 1000) {
    return { state: 'working', evidence: { source: 'activity', detail: 'pane output in the last few seconds', at: new Date(last) } }
  }
  const quiet = Number.isFinite(last) ? ` for ${duration(Math.floor((now - last) / 1000))}` : ''
  return { state: 'idle', evidence: { source: 'activity', detail: `pane quiet${quiet}`, at: Number.isFinite(last) ? new Date(last) : null } }
}

function pickReport(hook: HookReport | null, signal: SignalReport | null): Report | null {
  const fromHook: Report | null = hook && {
    source: 'hook',
    label: `hook ${hook.kind}`,
    meaning: hook.kind === 'notification' && idleNotification.test(hook.message ?? '') ? 'idle' : hookMeaning[hook.kind],
    at: hook.at,
    message: hook.message ?? null,
  }
  const fromSignal: Report | null = signal && {
    source: 'signal',
    label: `signal ${signal.kind}`,
    meaning: signalMeaning[signal.kind],
    at: signal.at,
    message: signal.message ?? null,
  }
  if (!fromHook || !fromSignal) return fromHook ?? fromSignal
  if (fromHook.at.getTime() <= fromSignal.at.getTime()) return fromSignal
  if (signal!.kind !== 'working' && signalAftermath.has(hook!.kind)) return fromSignal
  return fromHook
}

function screenEvidence(preset: Preset, match: ScreenMatch, screen: ScreenSnapshot): Evidence {
  return { source: 'screen', detail: `screen (${preset.name}): ${match.label} — "${clip(match.line)}"`, at: screen.changedAt }
}

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** 45s, 12m, 2h05m. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  return `${h}h${String(m).padStart(2, '0')}m`
}
