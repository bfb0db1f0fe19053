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
  // Candidates: work that is not closed, in queue order; a candidate's index is its rank in every tie.
  const nodes = [...graph.values()].filter((n) => n.work && n.status !== 'closed')
  // loadWorkGraph returns them in queue order already: one linear check instead of a sort.
  for (let i = 1; i < nodes.length; i++) {
    if (byQueueOrder(nodes[i - 1]!, nodes[i]!) > 0) {
      nodes.sort(byQueueOrder)
      break
    }
  }
  const count = nodes.length
  const rank = new Map<string, number>()
  for (const [i, n] of nodes.entries()) rank.set(n.id, i)

  // What each bead waits for: its open blockers and, through parent-child, its ancestors'.
  const waitsMemo = new Map<string, readonly WorkNode[]>()
  const waitsOn = (n: WorkNode): readonly WorkNode[] => {
    let out = rules.openBlockers(n)
    if (n.parents.length === 0) return out.length > 1 ? [...out].sort(byQueueOrder) : out
    const memo = waitsMemo.get(n.id)
    if (memo) return memo
    waitsMemo.set(n.id, out) // a cycle (refused on write) ends here
    const set = new Map(out.map((b) => [b.id, b]))
    for (const p of rules.parentsOf(n)) for (const b of waitsOn(p)) set.set(b.id, b)
    out = [...set.values()]
    if (out.length > 1) out = [...out].sort(byQueueOrder)
    waitsMemo.set(n.id, out)
    return out
  }

  const heldAncestor = heldAncestors(rules)
  const held: Array<string | undefined> = nodes.map((n) => ownHold(rules, n, heldAncestor))
  // Inside the plan: the candidates each one waits on, by index; outside: an open blocker that is not work.
  const inside: number[][] = []
  const outside: Array<WorkNode | undefined> = []
  const dependents: number[][] = Array.from({ length: count }, () => [])
  for (let i = 0; i < count; i++) {
    const list: number[] = []
    for (const b of waitsOn(nodes[i]!)) {
      const j = rank.get(b.id)
      if (j === undefined) outside[i] ??= b
      else {
        list.push(j)
        dependents[j]!.push(i)
      }
    }
    inside.push(list)
  }

  // Kahn's order: a bead comes after everything it waits on; what never comes is in a cycle.
  const pending = inside.map((l) => l.length)
  const order: number[] = []
  for (let i = 0; i < count; i++) if (pending[i] === 0) order.push(i)
  for (let k = 0; k < order.length; k++) for (const d of dependents[order[k]!]!) if (--pending[d]! === 0) order.push(d)
  for (let i = 0; i < count; i++) if (pending[i]! > 0) held[i] ??= 'part of a dependency cycle'

  // Waves, and holds that spread: waiting on a held bead, or on an open blocker that is not work.
  const wave = new Int32Array(count)
  for (const i of order) {
    if (held[i]) continue
    const out = outside[i]
    if (out) {
      held[i] = `waits on ${out.id}, which is not work for ready (${out.issue_type})`
      continue
    }
    let w = 1
    for (const j of inside[i]!) {
      if (held[j]) {
        held[i] = `waits on held ${nodes[j]!.id}`
        break
      }
      w = Math.max(w, wave[j]! + 1)
    }
    if (!held[i]) wave[i] = w
  }

  const planned = order.filter((i) => wave[i]! > 0)
  let sum = 0
  let estimated = 0
  for (const i of planned) {
    const m = nodes[i]!.estimated_minutes
    if (m !== null && m > 0) {
      sum += m
      estimated++
    }
  }
  const defaultMinutes = estimated ? Math.round(sum / estimated) : 60
  const weight = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const m = nodes[i]!.estimated_minutes
    weight[i] = m !== null && m > 0 ? m : defaultMinutes
  }

  // Critical path: the heaviest chain, ending anywhere; ties to queue order (the lower index).
  const dist = new Float64Array(count)
  const prev = new Int32Array(count).fill(-1)
  let end = -1
  for (const i of planned) {
    let best = -1
    for (const j of inside[i]!) if (best < 0 || dist[j]! > dist[best]! || (dist[j] === dist[best] && j < best)) best = j
    dist[i] = weight[i]! + (best >= 0 ? dist[best]! : 0)
    prev[i] = best
    if (end < 0 || dist[i]! > dist[end]! || (dist[i] === dist[end] && i < end)) end = i
  }
  const path: string[] = []
  for (let at = end; at >= 0; at = prev[at]!) path.unshift(nodes[at]!.id)

  const byWave: PlanBead[][] = []
  for (const i of [...planned].sort((a, b) => a - b)) {
    const n = nodes[i]!
    const beads = byWave[wave[i]! - 1] ?? []
    byWave[wave[i]! - 1] = beads
    beads.push({
      id: n.id,
      title: n.title,
      priority: n.priority,
      status: n.status,
      estimated_minutes: n.estimated_minutes,
      waits_on: inside[i]!.map((j) => nodes[j]!.id),
    })
  }
  const plan: WorkPlan = {
    waves: byWave.map((beads, k) => ({ wave: k + 1, beads })),
    critical_path: { beads: path, minutes: end >= 0 ? dist[end]! : 0 },
    held: nodes.flatMap((n, i) => (held[i] ? [{ id: n.id, title: n.title, priority: n.priority, status: n.status, reason: held[i]! }] : [])),
    default_minutes: defaultMinutes,
  }
  if (options.workers) plan.tracks = scheduleTracks(nodes, planned, wave, inside, dependents, weight, options.workers)
  return plan
}

/** Why a bead cannot move by itself: its status, a future date, or an ancestor held by status. */
function ownHold(rules: Readiness, n: WorkNode, heldAncestor: (n: WorkNode) => WorkNode | null): string | undefined {
  if (!MOVING.has(n.status)) return `status is ${n.status}`
  const deferred = rules.deferredNow(n)
  if (deferred) return `deferred until ${deferred.until}${deferred.by === n.id ? '' : ` (by ${deferred.by})`}`
  const holder = heldAncestor(n)
  return holder ? `ancestor ${holder.id} is ${holder.status}` : undefined
}

/** The nearest ancestor in status blocked or deferred (only a person moves it on), memoized per bead. */
function heldAncestors(rules: Readiness): (n: WorkNode) => WorkNode | null {
  const memo = new Map<string, WorkNode | null>()
  const find = (n: WorkNode): WorkNode | null => {
    if (n.parents.length === 0) return null
    const known = memo.get(n.id)
    if (known !== undefined) return known
    memo.set(n.id, null) // a cycle (refused on write) ends here
    let found: WorkNode | null = null
    for (const p of rules.parentsOf(n)) {
      found = p.status === 'blocked' || p.status === 'deferred' ? p : find(p)
      if (found) break
    }
    memo.set(n.id, found)
    return found
  }
  return find
}

/**
 * List scheduling, critical path first: whenever a track is free it takes the startable bead with
 * the heaviest chain still ahead of it (its own minutes plus its heaviest line of dependents).
 */
function scheduleTracks(
  nodes: readonly WorkNode[],
  planned: readonly number[],
  wave: Int32Array,
  inside: readonly number[][],
  dependents: readonly number[][],
  weight: Float64Array,
  workers: number,
): NonNullable<WorkPlan['tracks']> {
  const inPlan = (i: number) => wave[i]! > 0
  const tail = new Float64Array(nodes.length)
  for (let k = planned.length - 1; k >= 0; k--) {
    const i = planned[k]!
    let most = 0
    for (const d of dependents[i]!) if (inPlan(d)) most = Math.max(most, tail[d]!)
    tail[i] = weight[i]! + most
  }
  const startable = new Heap<number>((a, b) => tail[b]! - tail[a]! || a - b)
  const left = new Int32Array(nodes.length)
  for (const i of planned) {
    left[i] = inside[i]!.length
    if (left[i] === 0) startable.push(i)
  }
  const tracks = Array.from({ length: workers }, (_, k) => ({ track: k + 1, steps: [] as TrackStep[] }))
  const running = new Heap<{ end: number; track: number; bead: number }>((a, b) => a.end - b.end || a.track - b.track)
  const free = Array.from({ length: workers }, (_, k) => k)
  let t = 0
  let minutes = 0
  while (startable.size || running.size) {
    free.sort((a, b) => a - b)
    while (free.length && startable.size) {
      const i = startable.pop()!
      const track = free.shift()!
      const step = { id: nodes[i]!.id, start: t, end: t + weight[i]! }
      tracks[track]!.steps.push(step)
      running.push({ end: step.end, track, bead: i })
      minutes = Math.max(minutes, step.end)
    }
    const done = running.pop()
    if (!done) break
    t = done.end
    for (let r: typeof done | undefined = done; r; r = running.peek()?.end === t ? running.pop() : undefined) {
      free.push(r.track)
      for (const d of dependents[r.bead]!) if (inPlan(d) && --left[d]! === 0) startable.push(d)
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
