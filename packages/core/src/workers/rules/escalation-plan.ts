/**
 * The escalation ladder as data: what each rung does, how `wt escalate` names it, and the pure parts
 * of executing it (attempt branch name, bead notes, the new escalation level). The command that
 * carries a plan out (tmux, git, tracker, event log) lives with the worker pool.
 */
import { DomainError } from '../../errors.js'

export type RungName = 'guidance' | 'unblock' | 'reset' | 'defer'
export type RungLevel = 1 | 2 | 3 | 4

export interface Rung {
  level: RungLevel
  name: RungName
  /** Accepted spellings on the command line. */
  aliases: readonly string[]
  summary: string
  /** Send the message to the worker (safe two-step dispatch). */
  send: boolean
  /** Switch the user into the worker's session. */
  switchIn: boolean
  /** End the worker's session (the worktree goes; the branch stays). */
  kill: boolean
  /** Keep the current branch under `<bead>-attempt-<n>` and spawn a fresh worker from the base. */
  respawn: boolean
  /** Bead note prefix, followed by the message. */
  notePrefix: string | null
  /** Bead status afterwards (null: unchanged). */
  beadStatus: 'blocked' | null
  /** Release the worker's claim on the bead. */
  releaseClaim: boolean
  /** The rung cannot run without a message. */
  needsMessage: boolean
}

export const rungs: readonly Rung[] = [
  {
    level: 1,
    name: 'guidance',
    aliases: ['1', 'guidance'],
    summary: 'send the message to the worker',
    send: true,
    switchIn: false,
    kill: false,
    respawn: false,
    notePrefix: null,
    beadStatus: null,
    releaseClaim: false,
    needsMessage: true,
  },
  {
    level: 2,
    name: 'unblock',
    aliases: ['2', 'unblock'],
    summary: 'send the message and switch you into the worker',
    send: true,
    switchIn: true,
    kill: false,
    respawn: false,
    notePrefix: null,
    beadStatus: null,
    releaseClaim: false,
    needsMessage: false,
  },
  {
    level: 3,
    name: 'reset',
    aliases: ['3', 'reset'],
    summary:
      'kill the worker, note "Resetting: <message>" on the bead, keep its branch as <bead>-attempt-<n>, spawn a fresh worker on the bead from the base branch',
    send: false,
    switchIn: false,
    kill: true,
    respawn: true,
    notePrefix: 'Resetting: ',
    beadStatus: null,
    releaseClaim: false,
    needsMessage: false,
  },
  {
    level: 4,
    name: 'defer',
    aliases: ['4', 'defer'],
    summary: 'kill the worker, block the bead with note "Waiting for: <message>", release the claim',
    send: false,
    switchIn: false,
    kill: true,
    respawn: false,
    notePrefix: 'Waiting for: ',
    beadStatus: 'blocked',
    releaseClaim: true,
    needsMessage: true,
  },
]

export const rungChoices = rungs.flatMap((r) => r.aliases)

/** `1|guidance|2|unblock|3|reset|4|defer` (case-insensitive) → the rung; anything else is refused. */
export function parseRung(value: string): Rung {
  const wanted = value.trim().toLowerCase()
  const rung = rungs.find((r) => r.aliases.includes(wanted))
  if (!rung) {
    throw new DomainError('INVALID_VALUE', `unknown escalation level: ${value}`, { hint: `use one of ${rungChoices.join('|')}` })
  }
  return rung
}

export const resetNote = (message: string) => `Resetting: ${message}`
export const deferNote = (message: string) => `Waiting for: ${message}`

/** `<bead>-attempt-<n>` for the smallest n ≥ 1 whose branch does not exist yet. */
export function attemptBranch(bead: string, existingBranches: Iterable<string>): string {
  const taken = new Set(existingBranches)
  for (let n = 1; ; n++) {
    const name = `${bead}-attempt-${n}`
    if (!taken.has(name)) return name
  }
}

/** Escalation levels only rise: the recorded level is the highest rung used. */
export const raisedLevel = (current: number, rung: Rung): number => Math.max(current, rung.level)

export interface EscalationPlan {
  rung: Rung
  worker: string
  bead: string
  message: string | null
  /** Text to send (rungs 1–2). */
  send: string | null
  switchIn: boolean
  kill: boolean
  /** Bead note to add (rungs 3–4). */
  note: string | null
  beadStatus: 'blocked' | null
  releaseClaim: boolean
  /** Rung 3: the worker's branch is renamed to this before a fresh one starts from the base. */
  keepBranchAs: string | null
  respawn: boolean
  /** The worker's escalation level afterwards. */
  level: number
  /** The event to record. */
  event: { kind: 'escalated'; worker: string; bead: string; rung: RungName; level: RungLevel; message: string | null }
}

const defaultResetReason = 'reset by the hub'

/**
 * Everything `wt escalate <name> <rung> [message]` will do, decided up front so that nothing runs
 * when the request is refused. `branches`: the repository's local branch names (for rung 3).
 */
export function planEscalation(input: {
  worker: string
  bead: string
  escalationLevel: number
  rung: string | Rung
  message?: string | null
  branches?: Iterable<string>
}): EscalationPlan {
  const rung = typeof input.rung === 'string' ? parseRung(input.rung) : input.rung
  const message = input.message?.trim() ? input.message.trim() : null
  if (rung.needsMessage && !message) {
    const what = rung.name === 'defer' ? 'what the bead is waiting for' : 'the guidance to send'
    throw new DomainError('USAGE', `escalate ${rung.name} needs a message: ${what}`, {
      hint: `wt escalate ${input.worker} ${rung.name} "<message>"`,
    })
  }
  const reason = message ?? defaultResetReason
  return {
    rung,
    worker: input.worker,
    bead: input.bead,
    message,
    send: rung.send ? message : null,
    switchIn: rung.switchIn,
    kill: rung.kill,
    note: rung.notePrefix ? rung.notePrefix + reason : null,
    beadStatus: rung.beadStatus,
    releaseClaim: rung.releaseClaim,
    keepBranchAs: rung.respawn ? attemptBranch(input.bead, input.branches ?? []) : null,
    respawn: rung.respawn,
    level: raisedLevel(input.escalationLevel, rung),
    event: { kind: 'escalated', worker: input.worker, bead: input.bead, rung: rung.name, level: rung.level, message },
  }
}
