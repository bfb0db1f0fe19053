import type { WorkerRow } from '../workers/context.js'
import type { WorkerView } from '../workers/observe.js'
import type { HeldBead } from './work-data.js'

/** A fleet row: the worker as `wt list` shows it, plus its last hook report. */
export interface FleetRow extends WorkerView {
  hook: { event: string; at: string; message: string | null } | null
  live: boolean
}

export type Rung = 1 | 2 | 3 | 4

export interface AttentionItem {
  kind: 'worker' | 'bead'
  /** Worker name, or `project/bead` for a held bead. */
  key: string
  worker: string | null
  project: string
  bead: string
  title: string
  state: string
  /** Why it needs a person, in words: the question on the screen, the note, the evidence. */
  why: string
  /** What the agent shows and asks (menu options, or the last lines of its screen). */
  question: string | null
  options: string[]
  rung: Rung | null
  idle_seconds: number | null
  escalation_level: number
}

export interface Snapshot {
  at: string
  interval: number
  read_only: boolean
  fleet: FleetRow[]
  attention: AttentionItem[]
  /** Predicted conflicts and overlapping files between live workers' commits, as next steps (wt conflicts). */
  conflicts: string[]
}

const NEEDS_PERSON = new Set(['waiting', 'stuck', 'exited', 'dead'])
const LONG_IDLE = new Set(['investigate', 'escalate'])

export function fleetRow(view: WorkerView, row: WorkerRow | undefined, live: boolean): FleetRow {
  const hook = row?.hook_event && row.hook_at ? { event: row.hook_event, at: row.hook_at, message: row.hook_message } : null
  return { ...view, hook, live }
}

/**
 * The ladder's next rung for a worker that needs a person: a menu needs someone to answer it (2,
 * unblock); a worker that ended needs a fresh start (3, reset); otherwise one rung above the last
 * one tried, starting at guidance.
 */
export function suggestedRung(view: Pick<WorkerView, 'state' | 'menu' | 'escalation_level'>): Rung {
  if (view.state === 'exited' || view.state === 'dead') return 3
  if (view.state === 'waiting' && view.menu) return 2
  return Math.min(4, Math.max(1, view.escalation_level + 1)) as Rung
}

/** The last `n` lines of a screen that have anything on them. */
export function screenTail(text: string | undefined, n: number): string[] {
  if (!text) return []
  const lines = text.replace(/\s+$/, '').split('\n')
  return lines.slice(Math.max(0, lines.length - n))
}

/**
 * The home page: only what needs a person, the most urgent first (waiting, then stuck, ended, long
 * idle; held beads last). Empty means all quiet.
 */
export function attention(fleet: readonly FleetRow[], screens: ReadonlyMap<string, string>, held: readonly HeldBead[]): AttentionItem[] {
  const order = ['waiting', 'stuck', 'dead', 'exited', 'idle']
  const workers = fleet
    .filter((w) => w.live && (NEEDS_PERSON.has(w.state) || (w.state === 'idle' && w.action !== null && LONG_IDLE.has(w.action))))
    .sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || (b.idle_seconds ?? 0) - (a.idle_seconds ?? 0))
    .map((w): AttentionItem => {
      const tail = screenTail(screens.get(w.name), 6).filter((l) => l.trim())
      const question = w.menu?.question ?? (w.state === 'waiting' ? tail.slice(-3).join('\n') || null : null)
      return {
        kind: 'worker',
        key: w.name,
        worker: w.name,
        project: w.project,
        bead: w.bead,
        title: w.title,
        state: w.state,
        why: whyOf(w),
        question,
        options: w.menu?.options.map((o) => `${o.number}. ${o.label}`) ?? [],
        rung: suggestedRung(w),
        idle_seconds: w.idle_seconds,
        escalation_level: w.escalation_level,
      }
    })
  const beads = held.map(
    (b): AttentionItem => ({
      kind: 'bead',
      key: `${b.project}/${b.id}`,
      worker: null,
      project: b.project,
      bead: b.id,
      title: b.title,
      state: 'blocked',
      why: b.note,
      question: null,
      options: [],
      rung: null,
      idle_seconds: null,
      escalation_level: 0,
    }),
  )
  return [...workers, ...beads]
}

function whyOf(w: FleetRow): string {
  const detail = w.message ?? w.evidence?.detail ?? null
  switch (w.state) {
    case 'waiting':
      return w.menu ? `waiting on a ${w.menu.kind} question` : `waiting for input${detail ? `: ${detail}` : ''}`
    case 'stuck':
      return `stuck${detail ? `: ${detail}` : ''}`
    case 'exited':
      return `the agent exited${detail ? `: ${detail}` : ''}`
    case 'dead':
      return `the session is gone${detail ? `: ${detail}` : ''}`
    default:
      return `quiet for ${Math.round((w.idle_seconds ?? 0) / 60)} min (${w.action})`
  }
}
