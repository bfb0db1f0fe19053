import { alertStates, type WorkerState } from './states.js'

export interface Alert {
  at: Date
  name: string
  /** The state before; null the first time a worker is seen. */
  from: WorkerState | null
  to: WorkerState
  message: string | null
}

export interface StateRow {
  name: string
  state: WorkerState
  message?: string | null
}

/**
 * One alert per transition into waiting / idle / stuck / exited / dead / done, never again while the
 * state holds. `previous` maps worker name → last state seen (the watcher's memory, or what the
 * registry recorded); the returned `states` replaces it. A worker seen for the first time already in
 * an alerting state alerts once (from = null): the hub learns what needs it as soon as it starts
 * watching. Workers absent from `rows` are forgotten silently (ended, or no longer listed).
 */
export function trackTransitions(
  previous: ReadonlyMap<string, WorkerState>,
  rows: readonly StateRow[],
  at: Date,
): { alerts: Alert[]; states: Map<string, WorkerState> } {
  const alerts: Alert[] = []
  const states = new Map<string, WorkerState>()
  for (const row of rows) {
    const from = previous.get(row.name) ?? null
    states.set(row.name, row.state)
    if (from !== row.state && alertStates.has(row.state)) {
      alerts.push({ at, name: row.name, from, to: row.state, message: row.message ?? null })
    }
  }
  return { alerts, states }
}

/** `--no-tui` line: `<time> <name> <from> -> <to> [message]`; time in UTC ISO seconds, `-` for "unseen". */
export function formatAlertLine(alert: Alert): string {
  const time = alert.at.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const message = alert.message ? ` ${alert.message.replace(/\s+/g, ' ').trim()}` : ''
  return `${time} ${alert.name} ${alert.from ?? '-'} -> ${alert.to}${message}`
}
