import { layeredLayout, NODE } from './layout.js'

/** A bead as the graph needs it (read by work-data.ts). */
export interface GraphBead {
  id: string
  title: string
  status: string
  priority: number
  issue_type: string
  assignee: string | null
  labels: string[]
  /** Held back by an open blocker (the tracker's own is_blocked). */
  is_blocked: boolean
}

/** `from` must finish before `to` (from = depends_on_id, to = issue_id). */
export interface GraphEdge {
  from: string
  to: string
  type: string
}

export type BeadKind = 'ready' | 'blocked' | 'in_progress' | 'closed' | 'open'

export interface GraphFilter {
  labels?: readonly string[]
  priorities?: readonly number[]
  /** Fold each connected group of closed beads into one node (default on). */
  collapseClosed?: boolean
}

export interface GraphNode {
  id: string
  title: string
  kind: BeadKind
  priority: number
  issue_type: string
  assignee: string | null
  labels: string[]
  x: number
  y: number
  /** Closed beads folded into this one. */
  folded: number
  critical: boolean
}

export interface GraphView {
  project: string
  nodes: GraphNode[]
  edges: Array<GraphEdge & { critical: boolean }>
  width: number
  height: number
  node: { width: number; height: number }
  /** The longest chain of open `blocks` edges, first blocker first. */
  critical_path: string[]
  counts: Record<BeadKind, number> & { total: number; shown: number }
}

export function kindOf(bead: GraphBead, ready: ReadonlySet<string>): BeadKind {
  if (bead.status === 'closed') return 'closed'
  if (bead.status === 'in_progress') return 'in_progress'
  if (bead.status === 'blocked' || bead.is_blocked) return 'blocked'
  return ready.has(bead.id) ? 'ready' : 'open'
}

/**
 * The work graph of one project as the page draws it: kinds, the critical path, closed groups
 * folded, the filter applied, then laid out. Pure: the same beads give the same picture.
 */
export function workGraph(
  project: string,
  beads: readonly GraphBead[],
  edges: readonly GraphEdge[],
  ready: ReadonlySet<string>,
  filter: GraphFilter = {},
): GraphView {
  const byId = new Map(beads.map((b) => [b.id, b]))
  const kind = new Map(beads.map((b) => [b.id, kindOf(b, ready)]))
  const known = edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to)
  const critical = criticalPath(known.filter((e) => e.type === 'blocks' && kind.get(e.from) !== 'closed' && kind.get(e.to) !== 'closed'))
  const onPath = new Set(critical)
  const criticalEdges = new Set(critical.slice(1).map((to, i) => `${critical[i]}>${to}`))

  // Folding: each connected group of closed beads is shown as its first member.
  const rep = new Map<string, string>()
  if (filter.collapseClosed ?? true) {
    const uf = new UnionFind()
    for (const e of known) if (kind.get(e.from) === 'closed' && kind.get(e.to) === 'closed') uf.union(e.from, e.to)
    for (const b of beads) if (kind.get(b.id) === 'closed') rep.set(b.id, uf.find(b.id))
  }
  const shownAs = (id: string) => rep.get(id) ?? id
  const folded = new Map<string, number>()
  for (const [id, r] of rep) if (id !== r) folded.set(r, (folded.get(r) ?? 0) + 1)

  const labels = filter.labels?.length ? new Set(filter.labels) : null
  const priorities = filter.priorities?.length ? new Set(filter.priorities) : null
  const keep = (b: GraphBead) => (!labels || b.labels.some((l) => labels.has(l))) && (!priorities || priorities.has(b.priority))
  const visible = beads.filter((b) => shownAs(b.id) === b.id && keep(b))
  const visibleIds = new Set(visible.map((b) => b.id))

  const edgeSeen = new Set<string>()
  const shownEdges: GraphView['edges'] = []
  for (const e of known) {
    const from = shownAs(e.from)
    const to = shownAs(e.to)
    const key = `${from}>${to}`
    if (from === to || !visibleIds.has(from) || !visibleIds.has(to) || edgeSeen.has(key)) continue
    edgeSeen.add(key)
    shownEdges.push({ from, to, type: e.type, critical: criticalEdges.has(key) })
  }

  const layout = layeredLayout({ ids: visible.map((b) => b.id), edges: shownEdges.map((e) => [e.from, e.to] as const) })
  const counts = { ready: 0, blocked: 0, in_progress: 0, closed: 0, open: 0, total: beads.length, shown: visible.length }
  for (const k of kind.values()) counts[k]++
  return {
    project,
    nodes: visible.map((b) => {
      const p = layout.at.get(b.id)!
      return {
        id: b.id,
        title: b.title,
        kind: kind.get(b.id)!,
        priority: b.priority,
        issue_type: b.issue_type,
        assignee: b.assignee,
        labels: b.labels,
        x: p.x,
        y: p.y,
        folded: folded.get(b.id) ?? 0,
        critical: onPath.has(b.id),
      }
    }),
    edges: shownEdges,
    width: layout.width,
    height: layout.height,
    node: { width: NODE.width, height: NODE.height },
    critical_path: critical,
    counts,
  }
}

/** The longest chain through `edges` (a DAG; edges closing a cycle are skipped), first node first. */
export function criticalPath(edges: readonly GraphEdge[]): string[] {
  const out = new Map<string, string[]>()
  const indeg = new Map<string, number>()
  for (const e of edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to])
    indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1)
    if (!indeg.has(e.from)) indeg.set(e.from, 0)
  }
  const queue = [...indeg]
    .filter(([, d]) => d === 0)
    .map(([id]) => id)
    .sort()
  const length = new Map<string, number>(queue.map((id) => [id, 0]))
  const prev = new Map<string, string>()
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!
    for (const w of out.get(v) ?? []) {
      if (length.get(v)! + 1 > (length.get(w) ?? -1)) {
        length.set(w, length.get(v)! + 1)
        prev.set(w, v)
      }
      indeg.set(w, indeg.get(w)! - 1)
      if (indeg.get(w) === 0) queue.push(w)
    }
  }
  let end: string | null = null
  for (const [id, l] of length) if (end === null || l > length.get(end)! || (l === length.get(end)! && id < end)) end = id
  if (end === null || length.get(end) === 0) return []
  const path = [end]
  while (prev.has(path[0]!)) path.unshift(prev.get(path[0]!)!)
  return path
}

class UnionFind {
  private parent = new Map<string, string>()
  find(x: string): string {
    let root = x
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!
    let cur = x
    while (cur !== root) {
      const next = this.parent.get(cur) ?? root
      this.parent.set(cur, root)
      cur = next
    }
    return root
  }
  union(a: string, b: string): void {
    const ra = this.find(a)
    const rb = this.find(b)
    // The smaller id represents the group, so the same beads always fold the same way.
    if (ra !== rb) ra < rb ? this.parent.set(rb, ra) : this.parent.set(ra, rb)
  }
}
