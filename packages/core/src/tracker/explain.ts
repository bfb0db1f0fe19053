/**
 * Why a bead is or is not ready, decided from the work graph by the same rules that keep
 * `is_blocked` and `effective_defer_until` (readiness.ts) and the ready query (work-rules.ts
 * READY_SQL): open, work, no `blocks` blocker in a blocking status, no ancestor blocked or in status
 * blocked/deferred, no future defer_until on it or an ancestor. Pure; test/core/explain.test.ts
 * checks on random graphs that it never disagrees with `ready`.
 */
import { keyOf } from './time-key.js'
import { BLOCKER_STATUSES } from './work-rules.js'
import type { WorkGraph, WorkNode } from './work-graph.js'

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

const BLOCKING = new Set<string>(BLOCKER_STATUSES)
const HOLDING_STATUSES = new Set(['blocked', 'deferred'])

/** The rules over one graph, memoized: explaining every bead costs one pass. */
export class Readiness {
  private blockedMemo = new Map<string, boolean>()
  private deferMemo = new Map<string, { key: string; until: string; by: string } | null>()
  private readonly nowKey: string

  constructor(
    readonly graph: WorkGraph,
    now: Date,
  ) {
    this.nowKey = keyOf(now)
  }

  /** Its `blocks` blockers whose status still holds (a missing, closed or deleted one never blocks). */
  openBlockers(node: WorkNode): readonly WorkNode[] {
    const all = node.blockers
    // Indexed, and no new array when every blocker holds (the common case): plan calls this once per bead, cold.
    for (let i = 0; i < all.length; i++) if (!BLOCKING.has(all[i]!.status)) return all.filter((b) => BLOCKING.has(b.status))
    return all
  }

  /** is_blocked, as readiness.ts keeps it. */
  isBlocked(node: WorkNode): boolean {
    const memo = this.blockedMemo.get(node.id)
    if (memo !== undefined) return memo
    this.blockedMemo.set(node.id, false) // cycles are refused on write; one would end here, never loop
    const blocked = this.openBlockers(node).length > 0 || node.parents.some((p) => this.isBlocked(p) || HOLDING_STATUSES.has(p.status))
    this.blockedMemo.set(node.id, blocked)
    return blocked
  }

  /** The latest defer_until of the bead and its ancestors, and who set it. */
  effectiveDefer(node: WorkNode): { key: string; until: string; by: string } | null {
    if (node.parents.length === 0) {
      // The common case: nothing to climb, nothing to remember.
      return node.deferKey && node.defer_until ? { key: node.deferKey, until: node.defer_until, by: node.id } : null
    }
    const memo = this.deferMemo.get(node.id)
    if (memo !== undefined) return memo
    let best = node.deferKey && node.defer_until ? { key: node.deferKey, until: node.defer_until, by: node.id } : null
    this.deferMemo.set(node.id, best) // a cycle ends here
    for (const p of node.parents) {
      const d = this.effectiveDefer(p)
      if (d && (!best || d.key > best.key)) best = d
    }
    this.deferMemo.set(node.id, best)
    return best
  }

  deferredNow(node: WorkNode): { until: string; by: string } | null {
    const d = this.effectiveDefer(node)
    return d && d.key > this.nowKey ? { until: d.until, by: d.by } : null
  }

  isReady(node: WorkNode): boolean {
    return node.status === 'open' && node.work && !this.isBlocked(node) && !this.deferredNow(node)
  }

  explain(node: WorkNode): Explanation {
    const reasons: NotReadyReason[] = []
    if (node.status !== 'open') reasons.push({ kind: 'status', status: node.status, ...(node.assignee ? { assignee: node.assignee } : {}) })
    if (!node.work) reasons.push({ kind: 'not_work', issue_type: node.issue_type })
    for (const b of this.openBlockers(node)) reasons.push({ kind: 'blocked_by', blocker: b.id, status: b.status, chain: this.blockerChain(b) })
    for (const p of node.parents) {
      const held = this.heldBy(p, [p.id], new Set([node.id]))
      if (held) reasons.push(held)
    }
    const deferred = this.deferredNow(node)
    if (deferred) reasons.push({ kind: 'deferred', ...deferred })
    return { id: node.id, title: node.title, status: node.status, priority: node.priority, ready: reasons.length === 0, reasons }
  }

  /** From a blocker down through the first open blocker of each, to the root (the bead nothing holds). */
  private blockerChain(start: WorkNode): string[] {
    const chain = [start.id]
    const seen = new Set(chain)
    let at = start
    for (;;) {
      const next = this.openBlockers(at).find((b) => !seen.has(b.id))
      if (!next) return chain
      chain.push(next.id)
      seen.add(next.id)
      at = next
    }
  }

  /** Why ancestor `p` (reached by `path`) holds its descendants, climbing until the cause. */
  private heldBy(p: WorkNode, path: string[], seen: Set<string>): NotReadyReason | null {
    if (seen.has(p.id)) return null
    if (HOLDING_STATUSES.has(p.status)) return { kind: 'ancestor', path, ancestor: p.id, cause: 'status', status: p.status }
    if (!this.isBlocked(p)) return null
    const blocker = this.openBlockers(p)[0]
    if (blocker) return { kind: 'ancestor', path, ancestor: p.id, cause: 'blocked', status: p.status, blocker: blocker.id }
    seen.add(p.id)
    for (const up of p.parents) {
      const held = this.heldBy(up, [...path, up.id], seen)
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
