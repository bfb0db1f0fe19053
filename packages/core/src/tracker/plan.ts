/**
 * `bd plan`: the open work as waves, its critical path and, for N workers, N tracks that keep the
 * critical path moving first. A pure rule over the work graph (work-graph.ts) and the readiness
 * rules (explain.ts): wave 1 is exactly what `ready` lists, plus the beads already in progress.
 * Deterministic: every tie falls to queue order (priority, oldest, id).
 */
import { DomainError } from '../errors.js'
import { Readiness } from './explain.js'
import { byQueueOrder, type WorkGraph, type WorkNode } from './work-graph.js'

export interface PlanBead {
  id: string
  title: string
  priority: number
  status: string
  estimated_minutes: number | null
  wave: number
  /** What it waits for inside the plan: its own open blockers and those its ancestors wait for. */
  waits_on: string[]
}

export interface HeldBead {
  id: string
  title: string
  priority: number
  status: string
  /** Why no wave can hold it until something changes by hand (a status, a date, a blocker outside the work). */
  reason: string
}

export interface TrackStep {
  id: string
  start: number
  end: number
}

export interface WorkPlan {
  waves: Array<{ wave: number; beads: PlanBead[] }>
  critical_path: { beads: string[]; minutes: number }
  held: HeldBead[]
  /** What a bead without estimated_minutes counts as: the mean estimate of the plan, else 60. */
  default_minutes: number
  tracks?: { workers: number; minutes: number; tracks: Array<{ track: number; steps: TrackStep[] }> }
}

/** `--workers N`: a whole number from 1 to 1000. */
export function parseWorkers(input: string | number): number {
  const n = Number(input)
  if (String(input).trim() === '' || !Number.isInteger(n) || n < 1 || n > 1000) {
    throw new DomainError('INVALID_VALUE', `invalid --workers: ${JSON.stringify(String(input))}`, { hint: 'Use a whole number from 1 to 1000.' })
  }
  return n
}

/** Statuses that still move on their own: such a bead will close once worked. */
const MOVING = new Set(['open', 'in_progress', 'hooked'])

export function planWork(graph: WorkGraph, now: Date, options: { workers?: number } = {}): WorkPlan {
  const rules = new Readiness(graph, now)
  // Candidates: work that is not closed.
  const candidates = [...graph.values()].filter((n) => n.work && n.status !== 'closed').sort(byQueueOrder)
  const isCandidate = new Set(candidates.map((n) => n.id))

  // What each bead waits for: its open blockers and, through parent-child, its ancestors'.
  const waitsMemo = new Map<string, WorkNode[]>()
  const waitsOn = (n: WorkNode, visiting = new Set<string>()): WorkNode[] => {
    const memo = waitsMemo.get(n.id)
    if (memo) return memo
    if (visiting.has(n.id)) return []
    visiting.add(n.id)
    const set = new Map<string, WorkNode>()
    for (const b of rules.openBlockers(n)) set.set(b.id, b)
    for (const p of rules.parentsOf(n)) for (const b of waitsOn(p, visiting)) set.set(b.id, b)
    visiting.delete(n.id)
    const out = [...set.values()].sort(byQueueOrder)
    waitsMemo.set(n.id, out)
    return out
  }

  const held = new Map<string, string>()
  for (const n of candidates) {
    const why = ownHold(rules, n)
    if (why) held.set(n.id, why)
  }

  // Kahn's order over the candidates: a bead comes after everything it waits on.
  const dependents = new Map<string, string[]>()
  const pending = new Map<string, number>()
  for (const n of candidates) {
    const inside = waitsOn(n).filter((b) => isCandidate.has(b.id))
    pending.set(n.id, inside.length)
    for (const b of inside) (dependents.get(b.id) ?? dependents.set(b.id, []).get(b.id)!).push(n.id)
  }
  const order: WorkNode[] = []
  const queue = candidates.filter((n) => pending.get(n.id) === 0)
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!
    order.push(n)
    for (const d of dependents.get(n.id) ?? []) {
      const left = pending.get(d)! - 1
      pending.set(d, left)
      if (left === 0) queue.push(graph.get(d)!)
    }
  }
  for (const n of candidates) if (pending.get(n.id)! > 0 && !held.has(n.id)) held.set(n.id, 'part of a dependency cycle')

  // Waves and holds that spread: waiting on a held bead, or on an open blocker that is not work.
  const wave = new Map<string, number>()
  for (const n of order) {
    if (held.has(n.id)) continue
    let w = 1
    for (const b of waitsOn(n)) {
      if (!isCandidate.has(b.id)) {
        held.set(n.id, `waits on ${b.id}, which is not work for ready (${b.issue_type})`)
        break
      }
      if (held.has(b.id)) {
        held.set(n.id, `waits on held ${b.id}`)
        break
      }
      w = Math.max(w, wave.get(b.id)! + 1)
    }
    if (!held.has(n.id)) wave.set(n.id, w)
  }

  const planned = order.filter((n) => wave.has(n.id))
  const estimates = planned.map((n) => n.estimated_minutes).filter((m): m is number => m !== null && m > 0)
  const defaultMinutes = estimates.length ? Math.round(estimates.reduce((a, b) => a + b, 0) / estimates.length) : 60
  const weight = (n: WorkNode) => (n.estimated_minutes !== null && n.estimated_minutes > 0 ? n.estimated_minutes : defaultMinutes)
  const inPlan = (b: WorkNode) => wave.has(b.id)

  // Critical path: the heaviest chain, ending anywhere; ties to queue order.
  const dist = new Map<string, number>()
  const prev = new Map<string, string>()
  let end: WorkNode | undefined
  for (const n of planned) {
    let best: WorkNode | undefined
    for (const b of waitsOn(n)) if (inPlan(b) && (!best || dist.get(b.id)! > dist.get(best.id)!)) best = b
    dist.set(n.id, weight(n) + (best ? dist.get(best.id)! : 0))
    if (best) prev.set(n.id, best.id)
    if (!end || dist.get(n.id)! > dist.get(end.id)! || (dist.get(n.id) === dist.get(end.id) && byQueueOrder(n, end) < 0)) end = n
  }
  const path: string[] = []
  for (let at = end?.id; at; at = prev.get(at)) path.unshift(at)

  const byWave = new Map<number, PlanBead[]>()
  for (const n of [...planned].sort(byQueueOrder)) {
    const w = wave.get(n.id)!
    const bead: PlanBead = { id: n.id, title: n.title, priority: n.priority, status: n.status, estimated_minutes: n.estimated_minutes, wave: w, waits_on: waitsOn(n).map((b) => b.id) }
    ;(byWave.get(w) ?? byWave.set(w, []).get(w)!).push(bead)
  }
  const plan: WorkPlan = {
    waves: [...byWave.keys()].sort((a, b) => a - b).map((w) => ({ wave: w, beads: byWave.get(w)! })),
    critical_path: { beads: path, minutes: end ? dist.get(end.id)! : 0 },
    held: candidates.filter((n) => held.has(n.id)).map((n) => ({ id: n.id, title: n.title, priority: n.priority, status: n.status, reason: held.get(n.id)! })),
    default_minutes: defaultMinutes,
  }
  if (options.workers) plan.tracks = scheduleTracks(planned, options.workers, weight, (n) => waitsOn(n).filter(inPlan), dependents, graph)
  return plan
}

/** Why a bead cannot move by itself: its status, a future date, or an ancestor held by status. */
function ownHold(rules: Readiness, n: WorkNode): string | undefined {
  if (!MOVING.has(n.status)) return `status is ${n.status}`
  const deferred = rules.deferredNow(n)
  if (deferred) return `deferred until ${deferred.until}${deferred.by === n.id ? '' : ` (by ${deferred.by})`}`
  const holder = heldAncestor(rules, n, new Set())
  return holder ? `ancestor ${holder.id} is ${holder.status}` : undefined
}

/** The nearest ancestor in status blocked or deferred: only a person moves it on. */
function heldAncestor(rules: Readiness, n: WorkNode, seen: Set<string>): WorkNode | undefined {
  for (const p of rules.parentsOf(n)) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    if (p.status === 'blocked' || p.status === 'deferred') return p
    const up = heldAncestor(rules, p, seen)
    if (up) return up
  }
  return undefined
}

/**
 * List scheduling, critical path first: whenever a track is free it takes the startable bead with
 * the heaviest chain still ahead of it (its own minutes plus its heaviest line of dependents).
 */
function scheduleTracks(
  planned: readonly WorkNode[],
  workers: number,
  weight: (n: WorkNode) => number,
  waits: (n: WorkNode) => WorkNode[],
  dependents: Map<string, string[]>,
  graph: WorkGraph,
): NonNullable<WorkPlan['tracks']> {
  const plannedIds = new Set(planned.map((n) => n.id))
  const after = (id: string) => (dependents.get(id) ?? []).filter((d) => plannedIds.has(d))
  const tail = new Map<string, number>()
  for (let i = planned.length - 1; i >= 0; i--) {
    const n = planned[i]!
    let most = 0
    for (const d of after(n.id)) most = Math.max(most, tail.get(d)!)
    tail.set(n.id, weight(n) + most)
  }
  const first = (a: WorkNode, b: WorkNode) => tail.get(b.id)! - tail.get(a.id)! || byQueueOrder(a, b)
  const startable = new Heap<WorkNode>(first)
  const left = new Map<string, number>()
  for (const n of planned) {
    left.set(n.id, waits(n).length)
    if (waits(n).length === 0) startable.push(n)
  }
  const tracks = Array.from({ length: workers }, (_, i) => ({ track: i + 1, steps: [] as TrackStep[] }))
  const running = new Heap<{ end: number; track: number; id: string }>((a, b) => a.end - b.end || a.track - b.track)
  const free = Array.from({ length: workers }, (_, i) => i)
  let t = 0
  let minutes = 0
  while (startable.size || running.size) {
    free.sort((a, b) => a - b)
    while (free.length && startable.size) {
      const n = startable.pop()!
      const track = free.shift()!
      const step = { id: n.id, start: t, end: t + weight(n) }
      tracks[track]!.steps.push(step)
      running.push({ end: step.end, track, id: n.id })
      minutes = Math.max(minutes, step.end)
    }
    const done = running.pop()
    if (!done) break
    t = done.end
    for (let r: typeof done | undefined = done; r; r = running.peek()?.end === t ? running.pop() : undefined) {
      free.push(r.track)
      for (const d of after(r.id)) {
        const l = left.get(d)! - 1
        left.set(d, l)
        if (l === 0) startable.push(graph.get(d)!)
      }
    }
  }
  return { workers, minutes, tracks }
}

/** A binary heap: the smallest by `less` first. */
class Heap<T> {
  private items: T[] = []
  constructor(private readonly cmp: (a: T, b: T) => number) {}
  get size() {
    return this.items.length
  }
  peek(): T | undefined {
    return this.items[0]
  }
  push(x: T): void {
    const a = this.items
    a.push(x)
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1
      if (this.cmp(a[i]!, a[p]!) >= 0) break
      ;[a[i], a[p]] = [a[p]!, a[i]!]
      i = p
    }
  }
  pop(): T | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length && last !== undefined) {
      a[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && this.cmp(a[l]!, a[m]!) < 0) m = l
        if (r < a.length && this.cmp(a[r]!, a[m]!) < 0) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    return top
  }
}
