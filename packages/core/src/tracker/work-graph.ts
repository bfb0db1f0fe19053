import { type Kysely, type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import type { TrackerSchema } from './schema.js'
import { timeKey } from './time-key.js'
import { NON_WORK_TYPES, TOMBSTONE } from './work-rules.js'

/** One bead as the readiness, explain and plan rules see it. */
export interface WorkNode {
  id: string
  /** '' when loaded without titles (`titles: false`): plan looks up only those it shows. */
  title: string
  status: string
  priority: number
  issue_type: string
  assignee: string | null
  estimated_minutes: number | null
  /** As written (shown to people); `deferKey` is what compares. */
  defer_until: string | null
  deferKey: string | null
  /** Its place in the graph's order: queue order (priority, created_order, id, as the database sorts them for `ready`). */
  order: number
  /** Counts as work for `ready` (work-rules.ts): not pinned, not ephemeral, not a non-work type. */
  work: boolean
  /** Targets of its `blocks` edges (itself excluded) that are in the graph, by id; one that is not (missing, deleted, closed and no parent) never blocks. */
  blockers: readonly WorkNode[]
  /** Its parents in the graph, by id (parent-child edges point child → parent). */
  parents: readonly WorkNode[]
}

/**
 * Every bead but tombstones (closed ones only when asked, or when a parent), with its blocking
 * edges: what explain and plan decide from. Iterates in queue order (byQueueOrder); closed parents,
 * which never take a place in a queue, come last.
 */
export type WorkGraph = Map<string, WorkNode>

const NON_WORK_SQL = `(${NON_WORK_TYPES.map((t) => `'${t}'`).join(',')})`
/** Shared by every node without edges (most of them): one array fewer to allocate per bead. */
const NO_EDGES: readonly WorkNode[] = Object.freeze([])

/** The statuses and types a node scan sends as a code (the rest as text): every one bd itself writes. */
const STATUS_CODES = ['open', 'in_progress', 'blocked', 'deferred', 'hooked', 'closed', 'pinned'] as const
const TYPE_CODES = ['task', 'bug', 'feature', 'epic', 'chore', ...NON_WORK_TYPES] as const
/** The code of "sent as text": one past the last status code, and the last type code. */
const OTHER = STATUS_CODES.length
const OTHER_TYPE = 15
const codeOf = (column: string, codes: readonly string[]) =>
  sql.raw(`(CASE ${column} ${codes.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} ELSE ${column === 'status' ? OTHER : OTHER_TYPE} END)`)

interface NodeColumns {
  /** ((priority × 8 + status code) × 2 + work flag) × 16 + type code */
  packed: number[]
  other_status: Array<string | null>
  other_type: Array<string | null>
  estimated_minutes: Array<number | null>
  defer_until: Array<string | null>
  assignee?: Array<string | null>
  title?: string[]
}

export interface WorkGraphOptions {
  /** Closed beads too (explain); by default only those that are parents. */
  closed?: boolean
  /** Titles and assignees (default true); plan looks up titles only for what it lists. */
  titles?: boolean
}

/** Which beads a node scan reads: open work (any status but closed and tombstone), closed parents, or every bead but tombstones. */
type NodeSet = 'open' | 'closed parents' | 'all'

/**
 * A node scan: one JSON array per column, not one per bead (a command runs this once, cold, and at
 * 10k the arrays per row cost more than the parse), in queue order. SQLite aggregates the ordered
 * subquery as it scans it, which for open work without titles is the partial issues_work index
 * alone with no sort (test/core/query-plan.test.ts); PostgreSQL is told in each aggregate.
 */
export function workNodesQuery(db: Kysely<TrackerSchema>, set: NodeSet, titles: boolean): RawBuilder<Record<string, string>> {
  const which =
    set === 'open'
      ? sql`status NOT IN ('closed', 'tombstone')` // literally issues_work's WHERE: a bound value would not match it
      : set === 'all'
        ? sql`status <> ${TOMBSTONE}`
        : sql`status = 'closed' AND id IN (SELECT depends_on_id FROM dependencies WHERE type = 'parent-child')`
  const { columnAsJson, kind } = dialectOf(db)
  const columns = sql`id, status, priority, issue_type, estimated_minutes, defer_until, pinned, ephemeral, created_order${titles ? sql`, assignee, title` : sql``}`
  const queue = kind === 'postgres' ? sql`priority, created_order, id` : undefined
  const col = (value: RawBuilder<unknown>) => columnAsJson(value, queue)
  // Priority, status, the work flag and the type travel as one number (no string per bead for the
  // common ones); a status or type outside the codes comes as itself in its own, mostly null,
  // column. Flags as CASE … 1 ELSE 0: a comparison is 0/1 on SQLite but a boolean on PostgreSQL.
  const status = codeOf('status', STATUS_CODES)
  const type = codeOf('issue_type', TYPE_CODES)
  const work = sql.raw(`CASE WHEN pinned = 0 AND ephemeral = 0 AND issue_type NOT IN ${NON_WORK_SQL} THEN 1 ELSE 0 END`)
  return sql<Record<string, string>>`SELECT ${col(sql`id`)} AS id, ${col(sql`((priority * 8 + ${status}) * 2 + ${work}) * 16 + ${type}`)} AS packed,
      ${col(sql`CASE WHEN ${status} = ${OTHER} THEN status END`)} AS other_status, ${col(sql`CASE WHEN ${type} = ${OTHER_TYPE} THEN issue_type END`)} AS other_type,
      ${col(sql`estimated_minutes`)} AS estimated_minutes, ${col(sql`defer_until`)} AS defer_until
      ${titles ? sql`, ${col(sql`assignee`)} AS assignee, ${col(sql`title`)} AS title` : sql``}
      FROM (SELECT ${columns} FROM issues WHERE ${which} ORDER BY priority, created_order, id) AS w`
}

/**
 * The node scans (workNodesQuery) and the edge scan, each returned by the database as JSON arrays
 * (a tenth of the cost of a row object per bead at 10k). Closed beads never block; only a closed
 * parent can still hold its children (readiness.ts), so by default those are the only closed ones
 * read, after the open work. Nothing is decided here: the rules in explain.ts and plan.ts do that.
 */
export async function loadWorkGraph(db: Kysely<TrackerSchema>, options: WorkGraphOptions = {}): Promise<WorkGraph> {
  const titles = options.titles ?? true
  const { columnAsJson } = dialectOf(db)
  const sets: NodeSet[] = options.closed ? ['all'] : ['open', 'closed parents']
  const [edges, ...nodes] = await Promise.all([
    sql<Record<string, string>>`SELECT ${columnAsJson(sql`issue_id`)} AS issue, ${columnAsJson(sql`depends_on_id`)} AS target,
      ${columnAsJson(sql`CASE WHEN type = 'blocks' THEN 1 ELSE 0 END`)} AS blocks
      FROM dependencies WHERE type IN ('blocks', 'parent-child') AND issue_id <> depends_on_id`.execute(db),
    ...sets.map((set) => workNodesQuery(db, set, titles).execute(db)),
  ])
  const graph: WorkGraph = new Map()
  for (const result of nodes) {
    const n = result.rows[0]!
    const ids = JSON.parse(n.id ?? '[]') as string[]
    const columnsOf = {
      packed: JSON.parse(n.packed ?? '[]') as number[],
      other_status: JSON.parse(n.other_status ?? '[]') as Array<string | null>,
      other_type: JSON.parse(n.other_type ?? '[]') as Array<string | null>,
      estimated_minutes: JSON.parse(n.estimated_minutes ?? '[]') as Array<number | null>,
      defer_until: JSON.parse(n.defer_until ?? '[]') as Array<string | null>,
      assignee: titles ? (JSON.parse(n.assignee ?? '[]') as Array<string | null>) : undefined,
      title: titles ? (JSON.parse(n.title ?? '[]') as string[]) : undefined,
    }
    const first = graph.size
    for (let i = 0; i < ids.length; i++) graph.set(ids[i]!, nodeAt(columnsOf, ids, i, first + i))
  }
  const e = edges.rows[0]!
  const issue = JSON.parse(e.issue ?? '[]') as string[]
  const target = JSON.parse(e.target ?? '[]') as string[]
  const blocks = JSON.parse(e.blocks ?? '[]') as number[]
  const unsorted = new Set<WorkNode>()
  let node: WorkNode | undefined
  for (let i = 0; i < issue.length; i++) {
    // Edges come grouped by issue (the primary key's order): look each issue up once.
    if (i === 0 || issue[i] !== issue[i - 1]) node = graph.get(issue[i]!)
    const to = node && graph.get(target[i]!)
    if (!node || !to) continue
    const list = blocks[i] ? 'blockers' : 'parents'
    const had = node[list]
    if (had === NO_EDGES) node[list] = [to]
    else {
      // Usually already in id order (the primary key's); sorted below only when not.
      if (to.id < had[had.length - 1]!.id) unsorted.add(node)
      ;(had as WorkNode[]).push(to)
    }
  }
  for (const n of unsorted) {
    ;(n.blockers as WorkNode[]).sort(byId)
    ;(n.parents as WorkNode[]).sort(byId)
  }
  return graph
}

/** Row `i` of a node scan as a node; one object literal, so every node has one shape. */
function nodeAt(c: NodeColumns, ids: readonly string[], i: number, order: number): WorkNode {
  const packed = c.packed[i]!
  const type = packed & 15
  const status = (packed >> 5) & 7
  const defer = c.defer_until[i]!
  return {
    id: ids[i]!,
    title: c.title?.[i] ?? '',
    status: status === OTHER ? c.other_status[i]! : STATUS_CODES[status]!,
    priority: packed >> 8,
    issue_type: type === OTHER_TYPE ? c.other_type[i]! : TYPE_CODES[type]!,
    assignee: c.assignee?.[i] ?? null,
    estimated_minutes: c.estimated_minutes[i]!,
    defer_until: defer,
    deferKey: defer === null ? null : (timeKey(defer) ?? null),
    order,
    work: ((packed >> 4) & 1) === 1,
    blockers: NO_EDGES,
    parents: NO_EDGES,
  }
}

/** Titles of the given beads, for the few a plan shows. */
export async function loadTitles(db: Kysely<TrackerSchema>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await sql<{ id: string; title: string }>`SELECT id, title FROM issues WHERE id IN (${dialectOf(db).idList(ids)})`.execute(db)
  return new Map(rows.rows.map((r) => [r.id, r.title]))
}

const byId = (a: WorkNode, b: WorkNode) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Queue order everywhere: priority, then oldest, then id (the graph's own order). */
export const byQueueOrder = (a: WorkNode, b: WorkNode) => a.order - b.order
