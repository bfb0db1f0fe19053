import type { WatchConfig } from './settings.js'
import type { WorkerState } from './states.js'

/** The idle ladder: under 5 min nothing, 5–15 check, 15–30 investigate, 30+ escalate (defaults). */
export type LadderStep = 'none' | 'check' | 'investigate' | 'escalate'

/** What the hub should do next about one worker. */
export type SuggestedAction = LadderStep | 'answer' | 'review' | 'restart' | 'clean up'

/**
 * The ladder step for a quiet time. Boundaries: `idle.threshold` (check), three times it capped at
 * `idle.stuck` (investigate), `idle.stuck` (escalate) — 300/900/1800 s with the defaults.
 */
export function ladderStep(idleSeconds: number, config: Pick<WatchConfig, 'idleThreshold' | 'idleStuck'>): LadderStep {
  const investigate = Math.min(config.idleThreshold * 3, config.idleStuck)
  if (idleSeconds >= config.idleStuck) return 'escalate'
  if (idleSeconds >= investigate) return 'investigate'
  if (idleSeconds >= config.idleThreshold) return 'check'
  return 'none'
}

/** States that do not need the ladder: they say what to do on their own. */
const byState: Partial<Record<WorkerState, SuggestedAction>> = {
  waiting: 'answer',
  done: 'review',
  exited: 'restart',
  dead: 'clean up',
  stuck: 'escalate',
}

export function suggestAction(state: WorkerState, idleSeconds: number, config: Pick<WatchConfig, 'idleThreshold' | 'idleStuck'>): SuggestedAction {
  return byState[state] ?? ladderStep(idleSeconds, config)
}
