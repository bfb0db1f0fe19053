/**
 * `wt brief`: the compact hand-off for a fresh hub session, composed from rows the registry and one
 * watch tick provide. Pure: text and JSON from data, nothing read here. Aim: well under ~1.5k tokens
 * for five workers (titles and messages are clipped; one line per worker).
 */
import { duration } from './classifier.js'
import type { Menu } from './menu.js'
import type { SuggestedAction } from './ladder.js'
import type { WorkerState } from './states.js'

export interface BriefWorker {
  name: string
  project?: string | null
  bead?: string | null
  title?: string | null
  state: WorkerState
  idle_seconds: number
  message?: string | null
  commits_ahead?: number | null
  files_changed?: number | null
  escalation_level?: number
  action?: SuggestedAction
  /** The menu a waiting worker shows: only `wt answer` picks an option. */
  menu?: Menu | null
}

export interface BriefEnded {
  name: string
  bead?: string | null
  title?: string | null
  /** How it ended: done, closed, killed, reset, deferred… */
  outcome: string
  ended_at: Date
  message?: string | null
}

export interface BriefInput {
  now: Date
  since?: Date | null
  workers: readonly BriefWorker[]
  ended?: readonly BriefEnded[]
  /** Next steps about predicted conflicts and overlapping files (landing/overlap.ts conflictActions). */
  conflicts?: readonly string[]
  /** Machine capacity (`max_workers`) and the number of ready beads, when known. */
  capacity?: { max: number; ready?: number | null } | null
}

export interface BriefJson {
  generated_at: string
  since: string | null
  live: Array<{
    name: string
    project: string | null
    bead: string | null
    title: string | null
    state: WorkerState
    idle_seconds: number
    message: string | null
    commits_ahead: number | null
    files_changed: number | null
    escalation_level: number
  }>
  ended: Array<{ name: string; bead: string | null; title: string | null; outcome: string; ended_at: string; message: string | null }>
  next: string[]
}

/** Urgency order for the "next" list: what blocks work first. */
const urgency: Record<WorkerState, number> = { waiting: 0, stuck: 1, exited: 2, dead: 3, done: 4, idle: 5, starting: 6, working: 7 }

const clip = (text: string | null | undefined, max: number) => {
  if (!text) return null
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

const count = (n: number | null, noun: string) => (n === null ? `? ${noun}s` : `${n} ${noun}${n === 1 ? '' : 's'}`)

const isoMinute = (d: Date) => d.toISOString().slice(0, 16) + 'Z'

/** The suggested next step for one worker, or null when it needs nothing. */
function nextStep(w: BriefWorker): string | null {
  const who = w.bead ? `${w.name} (${w.bead})` : w.name
  const quiet = duration(w.idle_seconds)
  switch (w.state) {
    case 'waiting':
      if (w.menu)
        return `${who} waits on a ${w.menu.kind} menu${w.message ? `: "${clip(w.message, 100)}"` : ''} → wt answer ${w.name} <number|label> (or look: wt ${w.name})`
      return `${who} needs input${w.message ? `: "${clip(w.message, 60)}"` : ''} → wt ${w.name}, or wt escalate ${w.name} 2 "<answer>"`
    case 'stuck':
      return `${who} stuck ${quiet}, no activity or disk progress → wt escalate ${w.name} 3 "<why>" (reset) or 4 "<what it waits for>" (defer)`
    case 'exited':
      return `${who} agent exited → look: wt ${w.name}; then wt escalate ${w.name} 3 "<why>" or wt kill ${w.name}`
    case 'dead':
      return `${who} session gone → wt escalate ${w.name} 3 "<why>" to respawn, or wt kill ${w.name}`
    case 'done':
      return `${who} says done → wt land ${w.name} (rebase, gate, merge), or review its branch, then wt close ${w.name}`
    case 'idle':
      if (w.action === 'escalate') return `${who} idle ${quiet} → wt escalate ${w.name} 3 "<why>" or 4 "<what it waits for>"`
      if (w.action === 'investigate') return `${who} idle ${quiet} → wt ${w.name} to investigate, or wt escalate ${w.name} 1 "<guidance>"`
      if (w.action === 'check') return `${who} idle ${quiet} → wt escalate ${w.name} 1 "<guidance>"`
      return null
    default:
      return null
  }
}

export function composeBrief(input: BriefInput): { text: string; json: BriefJson } {
  const workers = [...input.workers].sort((a, b) => urgency[a.state] - urgency[b.state] || a.name.localeCompare(b.name))
  const ended = [...(input.ended ?? [])]
    .filter((e) => !input.since || e.ended_at.getTime() >= input.since.getTime())
    .sort((a, b) => b.ended_at.getTime() - a.ended_at.getTime())

  const next = [...workers.map(nextStep).filter((s): s is string => s !== null), ...(input.conflicts ?? [])]
  const capacity = input.capacity
  if (capacity) {
    const alive = workers.filter((w) => w.state !== 'dead' && w.state !== 'exited' && w.state !== 'done').length
    const free = Math.max(0, capacity.max - alive)
    const ready = capacity.ready ?? null
    if (free > 0 && ready !== 0) {
      const readyText = ready === null ? '' : `, ${ready} ready bead${ready === 1 ? '' : 's'}`
      next.push(`${free} free slot${free === 1 ? '' : 's'}${readyText} → wt new --ready --max ${capacity.max}`)
    }
  }

  const json: BriefJson = {
    generated_at: input.now.toISOString(),
    since: input.since ? input.since.toISOString() : null,
    live: workers.map((w) => ({
      name: w.name,
      project: w.project ?? null,
      bead: w.bead ?? null,
      title: clip(w.title, 60),
      state: w.state,
      idle_seconds: w.idle_seconds,
      message: clip(w.message, 120),
      commits_ahead: w.commits_ahead ?? null,
      files_changed: w.files_changed ?? null,
      escalation_level: w.escalation_level ?? 0,
    })),
    ended: ended.map((e) => ({
      name: e.name,
      bead: e.bead ?? null,
      title: clip(e.title, 60),
      outcome: e.outcome,
      ended_at: e.ended_at.toISOString(),
      message: clip(e.message, 120),
    })),
    next,
  }

  const lines: string[] = []
  const cap = capacity ? ` / max ${capacity.max}` : ''
  lines.push(`wt brief ${isoMinute(input.now)} · ${workers.length} live${cap}${input.since ? ` · since ${isoMinute(input.since)}` : ''}`)
  lines.push(workers.length ? 'Live:' : 'Live: none')
  for (const w of json.live) {
    const progress = w.commits_ahead === null && w.files_changed === null ? '' : ` · ${count(w.commits_ahead, 'commit')}, ${count(w.files_changed, 'file')}`
    const level = w.escalation_level ? ` · L${w.escalation_level}` : ''
    const title = w.title ? ` "${clip(w.title, 48)}"` : ''
    const message = w.message ? ` · "${clip(w.message, 80)}"` : ''
    const where = [w.project, w.bead].filter(Boolean).join('/')
    lines.push(`- ${w.name} ${where}${title} · ${w.state} ${duration(w.idle_seconds)}${progress}${level}${message}`)
  }
  if (ended.length) {
    lines.push(input.since ? `Ended since ${isoMinute(input.since)}:` : 'Ended:')
    for (const e of json.ended) {
      const title = e.title ? ` "${clip(e.title, 48)}"` : ''
      const message = e.message ? ` · "${clip(e.message, 80)}"` : ''
      lines.push(`- ${e.name} ${e.bead ?? ''}${title} · ${e.outcome} ${e.ended_at.slice(11, 16)}Z${message}`)
    }
  }
  lines.push(next.length ? 'Next:' : 'Next: nothing needs you; wt watch to follow along')
  next.forEach((step, i) => lines.push(`${i + 1}. ${step}`))
  return { text: lines.join('\n'), json }
}

/** Rough token count (≈ 4 characters per token for English and code). */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4)
