import { withDefaults, type WatchConfig } from './settings.js'
import type { WorkerState } from './states.js'

/** The last auto-nudge sent to a worker; the registry persists it. */
export interface NudgeRecord {
  at: Date
  count: number
}

export interface NudgeCandidate {
  name: string
  state: WorkerState
  interrupted: boolean
  idle_seconds: number
  lastNudge: NudgeRecord | null
}

export interface Nudge {
  name: string
  reason: 'idle' | 'interrupted' | 'stuck'
  text: string
}

/** The level-1 (guidance) text sent by `--auto-nudge`. It never starts with `/`. */
export const nudgeText = (reason: Nudge['reason']): string =>
  reason === 'interrupted'
    ? 'Your last turn was interrupted. If that was not on purpose, continue with your bead. If you are blocked, run `wt signal blocked "<what you need>"`; when finished, run `wt done`.'
    : 'You look idle. If your bead is finished, commit and run `wt done`. If you are blocked, run `wt signal blocked "<what you need>"`. Otherwise, continue with the next step.'

/** States that receive an auto-nudge. Never `waiting`: typing into a pending question would answer it. */
const nudgeable: ReadonlySet<WorkerState> = new Set<WorkerState>(['idle', 'stuck'])

/**
 * Which workers get a level-1 nudge now: idle (or stuck) or interrupted workers, quiet for at least
 * `watch.nudge_after` seconds, whose last nudge is older than `watch.nudge_cooldown`. Returns the
 * nudges to send and the updated records (only the nudged workers' records change).
 */
export function planNudges(
  candidates: readonly NudgeCandidate[],
  now: Date,
  config?: Partial<WatchConfig>,
): { nudges: Nudge[]; records: Map<string, NudgeRecord> } {
  const { nudgeCooldown, nudgeAfter } = withDefaults(config)
  const nudges: Nudge[] = []
  const records = new Map<string, NudgeRecord>()
  for (const worker of candidates) {
    if (worker.lastNudge) records.set(worker.name, worker.lastNudge)
    if (!nudgeable.has(worker.state)) continue
    if (worker.idle_seconds < nudgeAfter) continue
    if (worker.lastNudge && now.getTime() - worker.lastNudge.at.getTime() < nudgeCooldown * 1000) continue
    const reason: Nudge['reason'] = worker.interrupted ? 'interrupted' : worker.state === 'stuck' ? 'stuck' : 'idle'
    nudges.push({ name: worker.name, reason, text: nudgeText(reason) })
    records.set(worker.name, { at: now, count: (worker.lastNudge?.count ?? 0) + 1 })
  }
  return { nudges, records }
}
