/**
 * Why a bead is or is not ready, decided from the work graph by the same rules that keep
 * `is_blocked` and `effective_defer_until` (readiness.ts) and the ready query (work-rules.ts
 * READY_SQL): open, work, no `blocks` blocker in a blocking status, no ancestor blocked or in status
 * blocked/deferred, no future defer_until on it or an ancestor. Pure; test/core/plan.test.ts
 * checks on random graphs that it never disagrees with `ready`. Beads are rows of the graph.
 */
import { keyOf, timeKey } from './time-key.js'
import { isBlocking, STATUS, statusOf, typeOf, type WorkGraph } from './work-graph.js'

export type NotReadyReason =
  /** Its status is not open (in_progress, blocked, deferred, closed, hooked…). */
  | { kind: 'status'; status: string; assignee?: string }
  /** Not work for `ready`: pinned, ephemeral, or a non-work type (message, gate, …). */
  | { kind: 'not_work'; issue_type: string }
  /** An open blocker, and the chain below it: each next bead blocks the one before (the last is the root). */
  | { kind: 'blocked_by'; blocker: string; status: string; chain: string[] }
  /** Held by an ancestor: `path` climbs from its parent to the ancestor that holds it, and why that one does. */
  | { kind: 'ancestor'; path: string[]; ancestor: string; cause: 'status' | 'blocked'; status: string; blocker?: string }
  /** deferred until a future moment, by itself or an ancestor (`by`). */
  | { kind: 'deferred'; until: string; by: string }

export interface Explanation {
  id: string
  title: string
  status: string
  priority: number
  ready: boolean
  reasons: NotReadyReason[]
}

/** A defer_until that counts, as its time key, and the bead (row) that set it. */
interface Defer {
  key: string
  by: number
}

/** The rules over one graph, memoized by row: explaining every bead costs one pass. */
export class Readiness {
  /** 0: not worked out yet, 1: not blocked, 2: blocked. */
  private readonly blockedMemo: Uint8Array
  private readonly deferMemo: Array<Defer | null | undefined>
  private readonly nowKey: string

  constructor(
    readonly graph: WorkGraph,
    now: Date,
  ) {
    this.nowKey = keyOf(now)
    this.blockedMemo = new Uint8Array(graph.size)
    this.deferMemo = new Array(graph.size)
  }

  /** Its `blocks` blockers whose status still holds (a missing, closed or deleted one never blocks). */
  openBlockers(i: number): number[] {
    const g = this.graph
    const open: number[] = []
    for (let e = g.blockerFrom[i]!; e < g.blockerFrom[i + 1]!; e++) if (isBlocking(g, g.blockers[e]!)) open.push(g.blockers[e]!)
    return open
  }

  /** Holds its descendants by status alone (only a person moves it on). */
  holdsByStatus(i: number): boolean {
    const s = this.graph.status[i]
    return s === STATUS.blocked || s === STATUS.deferred
  }

  /** is_blocked, as readiness.ts keeps it. */
  isBlocked(i: number): boolean {
    const g = this.graph
    if (this.blockedMemo[i]) return this.blockedMemo[i] === 2
    this.blockedMemo[i] = 1 // cycles are refused on write; one would end here, never loop
    let blocked = false
    for (let e = g.blockerFrom[i]!; e < g.blockerFrom[i + 1]! && !blocked; e++) blocked = isBlocking(g, g.blockers[e]!)
    for (let e = g.parentFrom[i]!; e < g.parentFrom[i + 1]! && !blocked; e++) blocked = this.holdsByStatus(g.parents[e]!) || this.isBlocked(g.parents[e]!)
    this.blockedMemo[i] = blocked ? 2 : 1
    return blocked
  }

  /** The latest defer_until of the bead and its ancestors, and who set it. */
  effectiveDefer(i: number): Defer | null {
    const g = this.graph
    const text = g.deferUntil[i]
    const key = text === null || text === undefined ? undefined : timeKey(text)
    const own = key === undefined ? null : { key, by: i }
    if (g.parentFrom[i] === g.parentFrom[i + 1]) return own // the common case: nothing to climb, nothing to remember
    const memo = this.deferMemo[i]
    if (memo !== undefined) return memo
    let best = own
    this.deferMemo[i] = best // a cycle ends here
    for (let e = g.parentFrom[i]!; e < g.parentFrom[i + 1]!; e++) {
      const d = this.effectiveDefer(g.parents[e]!)
      if (d && (!best || d.key > best.key)) best = d
    }
    this.deferMemo[i] = best
    return best
  }

  deferredNow(i: number): { until: string; by: string } | null {
    const g = this.graph
    if (g.deferUntil[i] === null && g.parentFrom[i] === g.parentFrom[i + 1]) return null
    const d = this.effectiveDefer(i)
    return d && d.key > this.nowKey ? { until: g.deferUntil[d.by]!, by: g.ids[d.by]! } : null
  }

  explain(i: number): Explanation {
    const g = this.graph
    const reasons: NotReadyReason[] = []
    const status = statusOf(g, i)
    const assignee = g.assignees?.[i]
    if (status !== 'open') reasons.push({ kind: 'status', status, ...(assignee ? { assignee } : {}) })
    if (!g.work[i]) reasons.push({ kind: 'not_work', issue_type: typeOf(g, i) })
    for (const b of this.openBlockers(i)) reasons.push({ kind: 'blocked_by', blocker: g.ids[b]!, status: statusOf(g, b), chain: this.blockerChain(b) })
    for (let e = g.parentFrom[i]!; e < g.parentFrom[i + 1]!; e++) {
      const p = g.parents[e]!
      const held = this.heldBy(p, [g.ids[p]!], new Set([i]))
      if (held) reasons.push(held)
    }
    const deferred = this.deferredNow(i)
    if (deferred) reasons.push({ kind: 'deferred', ...deferred })
    return { id: g.ids[i]!, title: g.titles?.[i] ?? '', status, priority: g.priority[i]!, ready: reasons.length === 0, reasons }
  }

  /** From a blocker down through the first open blocker of each, to the root (the bead nothing holds). */
  private blockerChain(start: number): string[] {
    const chain = [start]
    const seen = new Set(chain)
    let at = start
    for (;;) {
      const next = this.openBlockers(at).find((b) => !seen.has(b))
      if (next === undefined) return chain.map((b) => this.graph.ids[b]!)
      chain.push(next)
      seen.add(next)
      at = next
    }
  }

  /** Why ancestor `p` (reached by `path`) holds its descendants, climbing until the cause. */
  private heldBy(p: number, path: string[], seen: Set<number>): NotReadyReason | null {
    const g = this.graph
    if (seen.has(p)) return null
    if (this.holdsByStatus(p)) return { kind: 'ancestor', path, ancestor: g.ids[p]!, cause: 'status', status: statusOf(g, p) }
    if (!this.isBlocked(p)) return null
    const blocker = this.openBlockers(p)[0]
    if (blocker !== undefined) return { kind: 'ancestor', path, ancestor: g.ids[p]!, cause: 'blocked', status: statusOf(g, p), blocker: g.ids[blocker]! }
    seen.add(p)
    for (let e = g.parentFrom[p]!; e < g.parentFrom[p + 1]!; e++) {
      const up = g.parents[e]!
      const held = this.heldBy(up, [...path, g.ids[up]!], seen)
      if (held) return held
    }
    return null
  }
}

/** One line per reason, for people. */
export function describeReason(r: NotReadyReason, id?: string): string {
  switch (r.kind) {
    case 'status':
      return `status is ${r.status}${r.assignee ? ` (${r.assignee})` : ''}`
    case 'not_work':
      return `not work for ready (${r.issue_type}, pinned or ephemeral)`
    case 'blocked_by':
      return `blocked by ${r.chain.map((id, i) => (i === 0 ? `${id} (${r.status})` : id)).join(' ← ')}`
    case 'ancestor':
      return `ancestor ${r.path.join(' → ')} ${r.cause === 'status' ? `is ${r.status}` : `is blocked by ${r.blocker}`}`
    case 'deferred':
      return `deferred until ${r.until}${r.by === id ? '' : ` (by ${r.by})`}`
  }
}
