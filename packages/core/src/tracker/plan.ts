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
  /** Each wave, the held list and each track show their first `limit` beads (0: all); counts and minutes cover everything. */
  limit: number
  waves: Array<{ wave: number; count: number; beads: PlanBead[] }>
  critical_path: { beads: string[]; minutes: number }
  held_count: number
  held: HeldBead[]
  /** What a bead without estimated_minutes counts as: the mean estimate of the plan, else 60. */
  default_minutes: number
  tracks?: { workers: number; minutes: number; tracks: Array<{ track: number; count: number; steps: TrackStep[] }> }
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

/**
 * `limit` bounds what is listed, as `ready`'s does (default: all); the waves, the critical path and
 * the tracks are always worked out over the whole graph. A command runs this once, cold: hence
 * indexed loops and flat typed arrays (edges in CSR form) rather than an array per bead.
 */
export function planWork(graph: WorkGraph, now: Date, options: { workers?: number; limit?: number } = {}): WorkPlan {
  const rules = new Readiness(graph, now)
  const limit = options.limit ?? 0
  const shown = limit > 0 ? limit : Number.POSITIVE_INFINITY
  // Candidates: work that is not closed, in queue order (the graph's); a candidate's index is its rank in every tie.
  const nodes: WorkNode[] = []
  // A graph node's rank among the candidates (-1: not one), by its place in the graph.
  const rank = new Int32Array(graph.size).fill(-1)
  for (const n of graph.values()) {
    if (!n.work || n.status === 'closed') continue
    rank[n.order] = nodes.length
    nodes.push(n)
  }
  const count = nodes.length

  // What each bead waits for: its open blockers and, through parent-child, its ancestors'.
  const waitsMemo = new Map<string, readonly WorkNode[]>()
  const waitsOn = (n: WorkNode): readonly WorkNode[] => {
    const own = rules.openBlockers(n)
    if (n.parents.length === 0) return own
    const memo = waitsMemo.get(n.id)
    if (memo) return memo
    waitsMemo.set(n.id, own) // a cycle (refused on write) ends here
    const set = new Set(own)
    const parents = n.parents
    for (let k = 0; k < parents.length; k++) {
      const up = waitsOn(parents[k]!)
      for (let m = 0; m < up.length; m++) set.add(up[m]!)
    }
    const out = set.size === own.length ? own : [...set]
    waitsMemo.set(n.id, out)
    return out
  }

  const heldAncestor = heldAncestors()
  const held: Array<string | undefined> = new Array(count)
  // Inside the plan: the candidates bead i waits on are inside[from[i]..from[i+1]), ascending (queue
  // order). Outside: the first open blocker in queue order that is not work.
  const from = new Int32Array(count + 1)
  let inside = new Int32Array(Math.max(16, count))
  let edges = 0
  const outside: Array<WorkNode | undefined> = new Array(count)
  // Dependents, the same edges the other way: bead j's are dependents[after[j]..after[j+1]); counted here.
  const after = new Int32Array(count + 1)
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!
    held[i] = ownHold(rules, n, heldAncestor)
    from[i] = edges
    const waits = waitsOn(n)
    for (let k = 0; k < waits.length; k++) {
      const b = waits[k]!
      const j = rank[b.order]!
      if (j < 0) {
        if (!outside[i] || byQueueOrder(b, outside[i]!) < 0) outside[i] = b
        continue
      }
      if (edges === inside.length) {
        const grown = new Int32Array(edges * 2)
        grown.set(inside)
        inside = grown
      }
      inside[edges++] = j
      after[j + 1]!++
    }
    // Insertion sort: a bead waits on a few beads, and a typed-array view per bead costs more.
    for (let e = from[i]! + 1; e < edges; e++) {
      const x = inside[e]!
      let f = e - 1
      for (; f >= from[i]! && inside[f]! > x; f--) inside[f + 1] = inside[f]!
      inside[f + 1] = x
    }
  }
  from[count] = edges
  for (let j = 0; j < count; j++) after[j + 1]! += after[j]!
  const dependents = new Int32Array(edges)
  const fill = after.slice(0, count)
  for (let i = 0; i < count; i++) for (let e = from[i]!; e < from[i + 1]!; e++) dependents[fill[inside[e]!]!++] = i
  const graphEdges: PlanEdges = { from, inside, after, dependents }

  // Kahn's order (a bead comes after everything it waits on), deciding each bead's wave as it comes,
  // and holds that spread: waiting on a held bead, or on an open blocker that is not work. What
  // never comes is in (or behind) a dependency cycle.
  const pending = new Int32Array(count)
  const order = new Int32Array(count)
  let ordered = 0
  for (let i = 0; i < count; i++) {
    pending[i] = from[i + 1]! - from[i]!
    if (pending[i] === 0) order[ordered++] = i
  }
  const wave = new Int32Array(count)
  const waveSize: number[] = []
  const planned: number[] = []
  let sum = 0
  let estimated = 0
  for (let k = 0; k < ordered; k++) {
    const i = order[k]!
    for (let e = after[i]!; e < after[i + 1]!; e++) if (--pending[dependents[e]!]! === 0) order[ordered++] = dependents[e]!
    if (held[i]) continue
    const out = outside[i]
    if (out) {
      held[i] = `waits on ${out.id}, which is not work for ready (${out.issue_type})`
      continue
    }
    let w = 1
    for (let e = from[i]!; e < from[i + 1]!; e++) {
      const j = inside[e]!
      if (held[j]) {
        held[i] = `waits on held ${nodes[j]!.id}`
        break
      }
      if (wave[j]! >= w) w = wave[j]! + 1
    }
    if (held[i]) continue
    wave[i] = w
    waveSize[w - 1] = (waveSize[w - 1] ?? 0) + 1
    planned.push(i)
    const m = nodes[i]!.estimated_minutes
    if (m !== null && m > 0) {
      sum += m
      estimated++
    }
  }

  // Critical path: the heaviest chain, ending anywhere; ties to queue order (the lower index).
  const defaultMinutes = estimated ? Math.round(sum / estimated) : 60
  const weight = new Float64Array(count)
  const dist = new Float64Array(count)
  const prev = new Int32Array(count).fill(-1)
  let end = -1
  for (let k = 0; k < planned.length; k++) {
    const i = planned[k]!
    const m = nodes[i]!.estimated_minutes
    weight[i] = m !== null && m > 0 ? m : defaultMinutes
    let best = -1
    for (let e = from[i]!; e < from[i + 1]!; e++) {
      const j = inside[e]!
      if (best < 0 || dist[j]! > dist[best]! || (dist[j] === dist[best] && j < best)) best = j
    }
    dist[i] = weight[i]! + (best >= 0 ? dist[best]! : 0)
    prev[i] = best
    if (end < 0 || dist[i]! > dist[end]! || (dist[i] === dist[end] && i < end)) end = i
  }
  const path: string[] = []
  for (let at = end; at >= 0; at = prev[at]!) path.unshift(nodes[at]!.id)

  // Listed: the first `limit` of each wave and of the held, in queue order (index order).
  const waves: WorkPlan['waves'] = waveSize.map((size, k) => ({ wave: k + 1, count: size, beads: [] }))
  const heldList: HeldBead[] = []
  let heldCount = 0
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!
    const reason = pending[i]! > 0 ? (held[i] ?? 'part of a dependency cycle') : held[i]
    if (reason) {
      if (heldCount++ < shown) heldList.push({ id: n.id, title: n.title, priority: n.priority, status: n.status, reason })
      continue
    }
    const beads = waves[wave[i]! - 1]!.beads
    if (beads.length >= shown) continue
    const waitsOnIds: string[] = []
    for (let e = from[i]!; e < from[i + 1]!; e++) waitsOnIds.push(nodes[inside[e]!]!.id)
    beads.push({ id: n.id, title: n.title, priority: n.priority, status: n.status, estimated_minutes: n.estimated_minutes, waits_on: waitsOnIds })
  }
  const plan: WorkPlan = {
    limit,
    waves,
    critical_path: { beads: path, minutes: end >= 0 ? dist[end]! : 0 },
    held_count: heldCount,
    held: heldList,
    default_minutes: defaultMinutes,
  }
  if (options.workers) plan.tracks = scheduleTracks(nodes, planned, wave, graphEdges, weight, options.workers, shown)
  return plan
}

/** The plan's edges in CSR form: i waits on inside[from[i]..from[i+1]); j is waited on by dependents[after[j]..after[j+1]). */
interface PlanEdges {
  from: Int32Array
  inside: Int32Array
  after: Int32Array
  dependents: Int32Array
}

/** The ids a plan lists (its waves' beads and its held), which are what need a title. */
export function listedIds(plan: WorkPlan): string[] {
  return [...plan.waves.flatMap((w) => w.beads.map((b) => b.id)), ...plan.held.map((h) => h.id)]
}

/** Why a bead cannot move by itself: its status, a future date, or an ancestor held by status. */
function ownHold(rules: Readiness, n: WorkNode, heldAncestor: (n: WorkNode) => WorkNode | null): string | undefined {
  if (!MOVING.has(n.status)) return `status is ${n.status}`
  if (n.deferKey === null && n.parents.length === 0) return undefined // most beads: nothing to look up
  const deferred = rules.deferredNow(n)
  if (deferred) return `deferred until ${deferred.until}${deferred.by === n.id ? '' : ` (by ${deferred.by})`}`
  const holder = heldAncestor(n)
  return holder ? `ancestor ${holder.id} is ${holder.status}` : undefined
}

/** The nearest ancestor in status blocked or deferred (only a person moves it on), memoized per bead. */
function heldAncestors(): (n: WorkNode) => WorkNode | null {
  const memo = new Map<string, WorkNode | null>()
  const find = (n: WorkNode): WorkNode | null => {
    if (n.parents.length === 0) return null
    const known = memo.get(n.id)
    if (known !== undefined) return known
    memo.set(n.id, null) // a cycle (refused on write) ends here
    let found: WorkNode | null = null
    for (const p of n.parents) {
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
  { from, after, dependents }: PlanEdges,
  weight: Float64Array,
  workers: number,
  shown: number,
): NonNullable<WorkPlan['tracks']> {
  const tail = new Float64Array(nodes.length)
  for (let k = planned.length - 1; k >= 0; k--) {
    const i = planned[k]!
    let most = 0
    for (let e = after[i]!; e < after[i + 1]!; e++) {
      const d = dependents[e]!
      if (wave[d]! > 0 && tail[d]! > most) most = tail[d]!
    }
    tail[i] = weight[i]! + most
  }
  const startable = new Heap((a, b) => tail[b]! - tail[a]! || a - b)
  const left = new Int32Array(nodes.length)
  for (let k = 0; k < planned.length; k++) {
    const i = planned[k]!
    left[i] = from[i + 1]! - from[i]!
    if (left[i] === 0) startable.push(i)
  }
  const tracks = Array.from({ length: workers }, (_, k) => ({ track: k + 1, count: 0, steps: [] as TrackStep[] }))
  // Running beads by when they end, then by track; a bead's end and track are kept by its index.
  const endsAt = new Float64Array(nodes.length)
  const trackOf = new Int32Array(nodes.length)
  const running = new Heap((a, b) => endsAt[a]! - endsAt[b]! || trackOf[a]! - trackOf[b]!)
  const free = new Heap((a, b) => a - b)
  for (let k = 0; k < workers; k++) free.push(k)
  let t = 0
  let minutes = 0
  while (startable.size || running.size) {
    while (free.size && startable.size) {
      const i = startable.pop()!
      const track = free.pop()!
      endsAt[i] = t + weight[i]!
      trackOf[i] = track
      const on = tracks[track]!
      if (on.count++ < shown) on.steps.push({ id: nodes[i]!.id, start: t, end: endsAt[i]! })
      running.push(i)
      if (endsAt[i]! > minutes) minutes = endsAt[i]!
    }
    const done = running.pop()
    if (done === undefined) break
    t = endsAt[done]!
    for (let r: number | undefined = done; r !== undefined; r = running.size && endsAt[running.peek()!] === t ? running.pop() : undefined) {
      free.push(trackOf[r]!)
      for (let e = after[r]!; e < after[r + 1]!; e++) {
        const d = dependents[e]!
        if (wave[d]! > 0 && --left[d]! === 0) startable.push(d)
      }
    }
  }
  return { workers, minutes, tracks }
}

/** A binary heap of indices: the smallest by `cmp` first. */
class Heap {
  private items: number[] = []
  constructor(private readonly cmp: (a: number, b: number) => number) {}
  get size() {
    return this.items.length
  }
  peek(): number | undefined {
    return this.items[0]
  }
  push(item: number): void {
    const a = this.items
    a.push(item)
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1
      if (this.cmp(a[i]!, a[p]!) >= 0) break
      const x = a[i]!
      a[i] = a[p]!
      a[p] = x
      i = p
    }
  }
  pop(): number | undefined {
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
        const x = a[i]!
        a[i] = a[m]!
        a[m] = x
        i = m
      }
    }
    return top
  }
}
