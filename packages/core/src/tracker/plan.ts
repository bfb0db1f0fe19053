/**
 * `bd plan`: the open work as waves, its critical path and, for N workers, N tracks that keep the
 * critical path moving first. A pure rule over the work graph (work-graph.ts) and the readiness
 * rules (explain.ts): wave 1 is exactly what `ready` lists, plus the beads already in progress.
 * Deterministic: every tie falls to queue order (priority, oldest, id).
 */
import { DomainError } from '../errors.js'
import { Readiness } from './explain.js'
import { BLOCKING_CODES, STATUS, statusOf, typeOf, type WorkGraph } from './work-graph.js'

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

/** By status code, 1: the status still moves on its own (such a bead will close once worked). */
const MOVING = new Uint8Array(16)
for (const s of [STATUS.open, STATUS.in_progress, STATUS.hooked]) MOVING[s] = 1

/**
 * `limit` bounds what is listed, as `ready`'s does (default: all); the waves, the critical path and
 * the tracks are always worked out over the whole graph. A command runs this once, cold: hence
 * indexed loops and flat typed arrays (edges in CSR form) rather than an array per bead.
 */
export function planWork(graph: WorkGraph, now: Date, options: { workers?: number; limit?: number } = {}): WorkPlan {
  const g = graph
  const rules = new Readiness(g, now)
  const limit = options.limit ?? 0
  const shown = limit > 0 ? limit : Number.POSITIVE_INFINITY
  // The graph's columns as locals: a cold loop pays for every property load.
  const { size, work, status, parentFrom, blockerFrom, blockers, deferUntil, estimatedMinutes } = g
  // Beads are graph rows (queue order, so a lower row wins every tie). Candidates: work that is not closed.
  const candidate = new Uint8Array(size)
  const closed = STATUS.closed
  for (let r = 0; r < size; r++) candidate[r] = work[r] && status[r] !== closed ? 1 : 0

  const inherited = inheritance(rules)
  const held: Array<string | undefined> = new Array(size)
  // Inside the plan: the candidates bead r waits on are inside[from[r]..from[r+1]), ascending (queue
  // order). Outside: the first open blocker in queue order that is not work (-1: none).
  const from = new Int32Array(size + 1)
  let inside = new Int32Array(Math.max(16, size))
  let edges = 0
  const outside = new Int32Array(size).fill(-1)
  // Dependents, the same edges the other way: bead j's are dependents[after[j]..after[j+1]); counted here.
  const after = new Int32Array(size + 1)
  for (let r = 0; r < size; r++) {
    from[r] = edges
    if (!candidate[r]) continue
    // A bead without parents waits for its own open blockers, read straight from the graph.
    const own = parentFrom[r] === parentFrom[r + 1]
    if (!own && inherited.heldBy[r] === -2) inherited.visit(r)
    // Held by itself: its status, else a date or an ancestor (most beads have neither to look up).
    if (!MOVING[status[r]!]) held[r] = `status is ${statusOf(g, r)}`
    else if (deferUntil[r] !== null || (!own && (inherited.dated[r] || inherited.heldBy[r]! >= 0)))
      held[r] = heldByDateOrAncestor(rules, r, own ? -1 : inherited.heldBy[r]!)
    const waits = own ? blockers : inherited.waits[r]!
    const last = own ? blockerFrom[r + 1]! : waits.length
    for (let k = own ? blockerFrom[r]! : 0; k < last; k++) {
      const b = waits[k]!
      if (own && status[b]! >= BLOCKING_CODES) continue // not a blocking status: isBlocking, inlined
      if (!candidate[b]) {
        if (outside[r]! < 0 || b < outside[r]!) outside[r] = b
        continue
      }
      if (edges === inside.length) {
        const grown = new Int32Array(edges * 2)
        grown.set(inside)
        inside = grown
      }
      inside[edges++] = b
      after[b + 1]!++
    }
    // Insertion sort: a bead waits on a few beads, and a typed-array view per bead costs more.
    for (let e = from[r]! + 1; e < edges; e++) {
      const x = inside[e]!
      let f = e - 1
      for (; f >= from[r]! && inside[f]! > x; f--) inside[f + 1] = inside[f]!
      inside[f + 1] = x
    }
  }
  from[size] = edges
  for (let j = 0; j < size; j++) after[j + 1]! += after[j]!
  const dependents = new Int32Array(edges)
  const fill = after.slice(0, size)
  for (let r = 0; r < size; r++) for (let e = from[r]!; e < from[r + 1]!; e++) dependents[fill[inside[e]!]!++] = r
  const graphEdges: PlanEdges = { from, inside, after, dependents }

  // Kahn's order (a bead comes after everything it waits on), deciding each bead's wave as it comes,
  // and holds that spread: waiting on a held bead, or on an open blocker that is not work. What
  // never comes is in (or behind) a dependency cycle.
  const pending = new Int32Array(size)
  const order = new Int32Array(size)
  let ordered = 0
  for (let r = 0; r < size; r++) {
    pending[r] = from[r + 1]! - from[r]!
    if (candidate[r] && pending[r] === 0) order[ordered++] = r
  }
  const wave = new Int32Array(size)
  const waveSize: number[] = []
  const planned: number[] = []
  let sum = 0
  let estimated = 0
  for (let k = 0; k < ordered; k++) {
    const r = order[k]!
    for (let e = after[r]!; e < after[r + 1]!; e++) if (--pending[dependents[e]!]! === 0) order[ordered++] = dependents[e]!
    if (held[r]) continue
    const out = outside[r]!
    if (out >= 0) {
      held[r] = `waits on ${g.ids[out]}, which is not work for ready (${typeOf(g, out)})`
      continue
    }
    let w = 1
    for (let e = from[r]!; e < from[r + 1]!; e++) {
      const j = inside[e]!
      if (held[j]) {
        held[r] = `waits on held ${g.ids[j]}`
        break
      }
      if (wave[j]! >= w) w = wave[j]! + 1
    }
    if (held[r]) continue
    wave[r] = w
    waveSize[w - 1] = (waveSize[w - 1] ?? 0) + 1
    planned.push(r)
    const m = estimatedMinutes[r]!
    if (m !== null && m > 0) {
      sum += m
      estimated++
    }
  }

  // Critical path: the heaviest chain, ending anywhere; ties to queue order (the lower row).
  const defaultMinutes = estimated ? Math.round(sum / estimated) : 60
  const weight = new Float64Array(size)
  const dist = new Float64Array(size)
  const prev = new Int32Array(size).fill(-1)
  let end = -1
  for (let k = 0; k < planned.length; k++) {
    const r = planned[k]!
    const m = estimatedMinutes[r]!
    weight[r] = m !== null && m > 0 ? m : defaultMinutes
    let best = -1
    for (let e = from[r]!; e < from[r + 1]!; e++) {
      const j = inside[e]!
      if (best < 0 || dist[j]! > dist[best]! || (dist[j] === dist[best] && j < best)) best = j
    }
    dist[r] = weight[r]! + (best >= 0 ? dist[best]! : 0)
    prev[r] = best
    if (end < 0 || dist[r]! > dist[end]! || (dist[r] === dist[end] && r < end)) end = r
  }
  const path: string[] = []
  for (let at = end; at >= 0; at = prev[at]!) path.unshift(g.ids[at]!)

  // Listed: the first `limit` of each wave and of the held, in queue order (row order).
  const waves: WorkPlan['waves'] = waveSize.map((count, k) => ({ wave: k + 1, count, beads: [] }))
  const heldList: HeldBead[] = []
  let heldCount = 0
  for (let r = 0; r < size; r++) {
    if (!candidate[r]) continue
    const reason = pending[r]! > 0 ? (held[r] ?? 'part of a dependency cycle') : held[r]
    if (reason) {
      if (heldCount++ < shown) heldList.push({ id: g.ids[r]!, title: g.titles?.[r] ?? '', priority: g.priority[r]!, status: statusOf(g, r), reason })
      continue
    }
    const beads = waves[wave[r]! - 1]!.beads
    if (beads.length >= shown) continue
    const waitsOnIds: string[] = []
    for (let e = from[r]!; e < from[r + 1]!; e++) waitsOnIds.push(g.ids[inside[e]!]!)
    beads.push({
      id: g.ids[r]!,
      title: g.titles?.[r] ?? '',
      priority: g.priority[r]!,
      status: statusOf(g, r),
      estimated_minutes: estimatedMinutes[r]!,
      waits_on: waitsOnIds,
    })
  }
  const plan: WorkPlan = {
    limit,
    waves,
    critical_path: { beads: path, minutes: end >= 0 ? dist[end]! : 0 },
    held_count: heldCount,
    held: heldList,
    default_minutes: defaultMinutes,
  }
  if (options.workers) plan.tracks = scheduleTracks(g, planned, wave, graphEdges, weight, options.workers, shown)
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

/**
 * What a bead inherits through parent-child, worked out once per row by one memoized walk: the
 * nearest ancestor held by its status (blocked or deferred: only a person moves it on; -1: none),
 * what it waits for (its own open blockers and those its ancestors wait for), and whether an
 * ancestor has a defer date at all (if none has, Readiness need not be asked whether one holds).
 */
function inheritance(rules: Readiness): { visit(r: number): void; heldBy: Int32Array; waits: Array<readonly number[] | undefined>; dated: Uint8Array } {
  const g = rules.graph
  const { parentFrom, parents, deferUntil } = g
  const heldBy = new Int32Array(g.size).fill(-2) // -2: not visited yet
  const waits: Array<readonly number[] | undefined> = new Array(g.size)
  const dated = new Uint8Array(g.size)
  const visit = (r: number): void => {
    if (heldBy[r] !== -2) return
    const own = rules.openBlockers(r)
    heldBy[r] = -1 // a cycle (refused on write) ends here
    waits[r] = own
    let holder = -1
    // A set only once an ancestor adds something (most parents wait for nothing).
    let set: Set<number> | undefined
    for (let e = parentFrom[r]!; e < parentFrom[r + 1]!; e++) {
      const p = parents[e]!
      if (heldBy[p] === -2) visit(p) // checked here, not on entry: most parents are visited already, and every call counts
      if (holder < 0) holder = rules.holdsByStatus(p) ? p : heldBy[p]!
      if (deferUntil[p] !== null || dated[p]) dated[r] = 1
      const up = waits[p]!
      if (up.length === 0) continue
      set ??= new Set(own)
      for (let k = 0; k < up.length; k++) set.add(up[k]!)
    }
    heldBy[r] = holder
    if (set && set.size > own.length) waits[r] = [...set]
  }
  return { visit, heldBy, waits, dated }
}

/** Why a bead that moves by its status still cannot move by itself: a future date, its own or an ancestor's, or an ancestor held by status (`holder`, -1: none). */
function heldByDateOrAncestor(rules: Readiness, r: number, holder: number): string | undefined {
  const g = rules.graph
  const deferred = rules.deferredNow(r)
  if (deferred) return `deferred until ${deferred.until}${deferred.by === g.ids[r] ? '' : ` (by ${deferred.by})`}`
  return holder >= 0 ? `ancestor ${g.ids[holder]} is ${statusOf(g, holder)}` : undefined
}

/**
 * List scheduling, critical path first: whenever a track is free it takes the startable bead with
 * the heaviest chain still ahead of it (its own minutes plus its heaviest line of dependents).
 */
function scheduleTracks(
  g: WorkGraph,
  planned: readonly number[],
  wave: Int32Array,
  { from, after, dependents }: PlanEdges,
  weight: Float64Array,
  workers: number,
  shown: number,
): NonNullable<WorkPlan['tracks']> {
  const tail = new Float64Array(g.size)
  for (let k = planned.length - 1; k >= 0; k--) {
    const i = planned[k]!
    let most = 0
    for (let e = after[i]!; e < after[i + 1]!; e++) {
      const d = dependents[e]!
      if (wave[d]! > 0 && tail[d]! > most) most = tail[d]!
    }
    tail[i] = weight[i]! + most
  }
  // Startable beads come out heaviest chain ahead first, then in queue order: ranked once in that
  // order, they are bits in a set over ranks (start: every rank below it is clear).
  const byRank = rankOrder(planned, tail)
  const rankOf = new Int32Array(g.size)
  for (let k = 0; k < byRank.length; k++) rankOf[byRank[k]!] = k
  const startable = new Int32Array((byRank.length >> 5) + 1)
  let start = byRank.length
  let startableCount = 0
  const left = new Int32Array(g.size)
  for (let k = 0; k < planned.length; k++) {
    const i = planned[k]!
    left[i] = from[i + 1]! - from[i]!
    if (left[i] !== 0) continue
    const rank = rankOf[i]!
    startable[rank >> 5]! |= 1 << (rank & 31)
    if (rank < start) start = rank
    startableCount++
  }
  const tracks = Array.from({ length: workers }, (_, k) => ({ track: k + 1, count: 0, steps: [] as TrackStep[] }))
  // Each track's bead (-1: free) and when it ends. Tracks are scanned, not kept in heaps: there are
  // a handful (3-5 in practice), and heap methods called per bead cost more in a short process.
  const bead = new Int32Array(workers).fill(-1)
  const until = new Float64Array(workers)
  let busy = 0
  let t = 0
  let minutes = 0
  while (startableCount || busy) {
    // Free tracks, lowest first, take the lowest ranks in the set.
    for (let track = 0; track < workers && startableCount; track++) {
      if (bead[track]! >= 0) continue
      // The lowest rank in the set: the first word with a bit from `start` on, and its lowest bit.
      let w = start >> 5
      while (startable[w] === 0) w++
      const bit = 31 - Math.clz32(startable[w]! & -startable[w]!)
      startable[w]! &= ~(1 << bit)
      start = (w << 5) | bit
      startableCount--
      const i = byRank[start]!
      bead[track] = i
      until[track] = t + weight[i]!
      busy++
      const on = tracks[track]!
      if (on.count++ < shown) on.steps.push({ id: g.ids[i]!, start: t, end: until[track]! })
      if (until[track]! > minutes) minutes = until[track]!
    }
    if (!busy) break
    // The next end, and every track that ends then: each frees its track and unlocks what waited on it.
    t = Number.POSITIVE_INFINITY
    for (let track = 0; track < workers; track++) if (bead[track]! >= 0 && until[track]! < t) t = until[track]!
    for (let track = 0; track < workers; track++) {
      const r = bead[track]!
      if (r < 0 || until[track] !== t) continue
      bead[track] = -1
      busy--
      for (let e = after[r]!; e < after[r + 1]!; e++) {
        const d = dependents[e]!
        if (wave[d]! === 0 || --left[d]! !== 0) continue
        const rank = rankOf[d]!
        startable[rank >> 5]! |= 1 << (rank & 31)
        if (rank < start) start = rank
        startableCount++
      }
    }
  }
  return { workers, minutes, tracks }
}

/**
 * The rows by their tail, heaviest first, then in queue order (the lower row). Sorted natively as
 * one number per row (-tail · 2^22 + row, exact while tails are whole and below 2^30); a callback
 * sort otherwise.
 */
function rankOrder(rows: readonly number[], tail: Float64Array): Int32Array {
  const SHIFT = 2 ** 22
  let exact = true
  for (let k = 0; k < rows.length && exact; k++) exact = Number.isInteger(tail[rows[k]!]) && tail[rows[k]!]! < 2 ** 30 && rows[k]! < SHIFT
  if (!exact) return Int32Array.from(rows).sort((a, b) => tail[b]! - tail[a]! || a - b)
  const keys = new Float64Array(rows.length)
  for (let k = 0; k < rows.length; k++) keys[k] = -tail[rows[k]!]! * SHIFT + rows[k]!
  keys.sort()
  const order = new Int32Array(rows.length)
  for (let k = 0; k < keys.length; k++) order[k] = ((keys[k]! % SHIFT) + SHIFT) % SHIFT
  return order
}
