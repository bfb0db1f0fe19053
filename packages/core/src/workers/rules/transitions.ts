import { alertStates, type WorkerState } from './states.js'

/** What the watcher remembers a worker by: its registry id (names are reused), else its name. */
export const memoryKey = (worker: { id?: number; name: string }): string => (worker.id !== undefined ? `#${worker.id}` : worker.name)

export interface Alert {
  at: Date
  /** The worker's registry id, when known: an alert belongs to one worker, not to its reusable name. */
  id?: number
  name: string
  /** The state before; null the first time a worker is seen. */
  from: WorkerState | null
  to: WorkerState
  message: string | null
}

export interface StateRow {
  id?: number
  name: string
  state: WorkerState
  message?: string | null
}

/**
 * One alert per transition into waiting / idle / stuck / exited / dead / done, never again while the
 * state holds. `previous` maps worker name → last state seen (the watcher's memory, or what the
 * registry recorded), keyed by `memoryKey` (the registry id); the returned `states` replaces it. A worker seen for the first time already in
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
    const key = memoryKey(row)
    const from = previous.get(key) ?? null
    states.set(key, row.state)
    if (from !== row.state && alertStates.has(row.state)) {
      alerts.push({ at, ...(row.id !== undefined ? { id: row.id } : {}), name: row.name, from, to: row.state, message: row.message ?? null })
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
