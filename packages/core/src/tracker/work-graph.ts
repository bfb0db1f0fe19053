import { type Kysely, type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import type { TrackerSchema } from './schema.js'
import { BLOCKER_STATUSES, NON_WORK_TYPES, TOMBSTONE } from './work-rules.js'

/**
 * Every bead the readiness, explain and plan rules look at, in columns: bead `i` is row `i` of each.
 * Rows come in queue order (priority, created_order, id, as the database sorts them for `ready`),
 * so a bead's row is also its place in every tie; the closed beads read (closed parents, or all of
 * them for explain) come last. Columns and index-linked edges, not an object per bead: `bd plan`
 * loads all open work in one cold process, and at 10k beads the objects cost more than the rules.
 */
export interface WorkGraph {
  readonly size: number
  readonly ids: readonly string[]
  /** Row of each id. */
  readonly index: ReadonlyMap<string, number>
  /** A code of STATUS_CODES, or OTHER (statusOf gives the text). */
  readonly status: Uint8Array
  readonly priority: Uint8Array
  /** A code of TYPE_CODES, or OTHER_TYPE (typeOf gives the text). */
  readonly type: Uint8Array
  /** 1: counts as work for `ready` (work-rules.ts): not pinned, not ephemeral, not a non-work type. */
  readonly work: Uint8Array
  readonly estimatedMinutes: ReadonlyArray<number | null>
  /** As written (shown to people); Readiness compares its time key. */
  readonly deferUntil: ReadonlyArray<string | null>
  /** Undefined when loaded without titles (`titles: false`): plan looks up only those it shows. */
  readonly titles: readonly string[] | undefined
  readonly assignees: ReadonlyArray<string | null> | undefined
  /** Rows of bead i's `blocks` targets in the graph: blockers[blockerFrom[i] .. blockerFrom[i + 1]), in id order. A target not in the graph (missing, deleted, closed and no parent) never blocks. */
  readonly blockerFrom: Int32Array
  readonly blockers: Int32Array
  /** Rows of bead i's parents (parent-child edges point child → parent), the same way. */
  readonly parentFrom: Int32Array
  readonly parents: Int32Array
  readonly otherStatus: ReadonlyMap<number, string>
  readonly otherType: ReadonlyMap<number, string>
}

/**
 * The statuses and types a node scan sends as a code (the rest as text): every one bd itself writes.
 * The blocking statuses come first, so "blocks" is one comparison (isBlocking).
 */
const STATUS_CODES = [...BLOCKER_STATUSES, 'closed', 'pinned'] as const
const TYPE_CODES = ['task', 'bug', 'feature', 'epic', 'chore', ...NON_WORK_TYPES] as const
/** The code of "sent as text": one past the last status code, and the last type code. */
const OTHER = STATUS_CODES.length
const OTHER_TYPE = 15
/** Status codes by name, for the rules that name one. */
export const STATUS = Object.fromEntries(STATUS_CODES.map((s, i) => [s, i])) as { [S in (typeof STATUS_CODES)[number]]: number }

export const statusOf = (g: WorkGraph, i: number): string => (g.status[i] === OTHER ? g.otherStatus.get(i)! : STATUS_CODES[g.status[i]!]!)
export const typeOf = (g: WorkGraph, i: number): string => (g.type[i] === OTHER_TYPE ? g.otherType.get(i)! : TYPE_CODES[g.type[i]!]!)
/** Status codes below this are BLOCKER_STATUSES (a status sent as text is none of them). */
export const BLOCKING_CODES = BLOCKER_STATUSES.length
/** A `blocks` edge to bead i holds (work-rules.ts BLOCKER_STATUSES). */
export const isBlocking = (g: WorkGraph, i: number): boolean => g.status[i]! < BLOCKING_CODES

/** By type code: counts as work for `ready` (a type sent as text is none of NON_WORK_TYPES). */
const WORK_TYPE = [...TYPE_CODES.map((t) => !(NON_WORK_TYPES as readonly string[]).includes(t)), true, true]
const codeOf = (column: string, codes: readonly string[], other: number) =>
  `(CASE ${column} ${codes.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} ELSE ${other} END)`

/**
 * Priority, status, "neither pinned nor ephemeral" and the type as one number:
 * ((priority × 8 + status code) × 2 + flag) × 16 + type code. No string per bead, and on SQLite read
 * from issues_work, which holds this very expression (migration 0005): SQLite uses an indexed
 * expression only when the query's is the same, so a change here needs a migration that rebuilds
 * the index (test/core/query-plan.test.ts fails until then). The flag as CASE … 1 ELSE 0: a
 * comparison is 0/1 on SQLite but a boolean on PostgreSQL.
 */
export const PACKED_SQL = `((priority * 8 + ${codeOf('status', STATUS_CODES, OTHER)}) * 2 + (CASE WHEN pinned = 0 AND ephemeral = 0 THEN 1 ELSE 0 END)) * 16 + ${codeOf('issue_type', TYPE_CODES, OTHER_TYPE)}`

export interface WorkGraphOptions {
  /** Closed beads too (explain); by default only those that are parents of what is read. */
  closed?: boolean
  /** Titles and assignees (default true); plan looks up titles only for what it lists. */
  titles?: boolean
}

/** Which beads a node scan reads: open work (any status but closed and tombstone), every bead but tombstones, or the closed ones among some ids. */
type NodeSet = 'open' | 'all' | { closedAmong: readonly string[] }

/**
 * A node scan: one JSON array per column, not one per bead (a command runs this once, cold, and at
 * 10k the arrays per row cost more than the parse), in queue order. SQLite aggregates the ordered
 * subquery as it scans it, which for open work without titles is the partial issues_work index
 * alone with no sort (test/core/query-plan.test.ts); PostgreSQL is told in each aggregate.
 */
export function workNodesQuery(db: Kysely<TrackerSchema>, set: NodeSet, titles: boolean): RawBuilder<Record<string, string>> {
  const { columnAsJson, rowsAsJson, idList, kind } = dialectOf(db)
  const which =
    set === 'open'
      ? sql`status NOT IN ('closed', 'tombstone')` // literally issues_work's WHERE: a bound value would not match it
      : set === 'all'
        ? sql`status <> ${TOMBSTONE}`
        : sql`status = 'closed' AND id IN (${idList(set.closedAmong)})`
  // The codes in the inner query, as the index holds them (PACKED_SQL); a status or type outside
  // the codes is read by id afterwards (otherNames).
  const columns = sql`id, ${sql.raw(PACKED_SQL)} AS packed, estimated_minutes, defer_until, priority, created_order${titles ? sql`, assignee, title` : sql``}`
  const queue = kind === 'postgres' ? sql`priority, created_order, id` : undefined
  const col = (value: RawBuilder<unknown>) => columnAsJson(value, queue)
  return sql<Record<string, string>>`SELECT ${col(sql`id`)} AS id, ${col(sql`packed`)} AS packed,
      ${rowsAsJson(sql`id, estimated_minutes, defer_until`, queue, sql`estimated_minutes IS NOT NULL OR defer_until IS NOT NULL`)} AS extras
      ${titles ? sql`, ${col(sql`assignee`)} AS assignee, ${col(sql`title`)} AS title` : sql``}
      FROM (SELECT ${columns} FROM issues WHERE ${which} ORDER BY priority, created_order, id) AS w`
}

/** The node scans' columns, parsed and appended scan after scan. */
interface Rows {
  ids: string[]
  packed: number[]
  /** [id, estimated_minutes, defer_until] of the beads that have either (most have neither). */
  extras: Array<[string, number | null, string | null]>
  titles: string[] | undefined
  assignees: Array<string | null> | undefined
}

const parse = <T>(json: string | undefined | null): T[] => JSON.parse(json ?? '[]') as T[]

function appendRows(into: Rows | undefined, scan: Record<string, string>, titles: boolean): Rows {
  const rows: Rows = {
    ids: parse(scan.id),
    packed: parse(scan.packed),
    extras: parse(scan.extras),
    titles: titles ? parse(scan.title) : undefined,
    assignees: titles ? parse(scan.assignee) : undefined,
  }
  if (!into) return rows
  // One push at a time: a spread of a long column would overflow the stack.
  for (const key of Object.keys(rows) as Array<keyof Rows>) {
    const column = into[key] as unknown[] | undefined
    if (column) for (const value of rows[key] as unknown[]) column.push(value)
  }
  return into
}

/** One kind of edge, as two parallel lists of ids: `from[k]` points to `to[k]`. */
interface EdgeList {
  from: string[]
  to: string[]
}

/**
 * The node scans (workNodesQuery) and the edge scan, each returned by the database as JSON arrays
 * (a tenth of the cost of a row object per bead at 10k). Closed beads never block; only a closed
 * parent can still hold its children (readiness.ts), so by default the only closed beads read are
 * the parents the open work reaches, level by level (few, and usually one round). Nothing is
 * decided here: the rules in explain.ts and plan.ts do that.
 */
export async function loadWorkGraph(db: Kysely<TrackerSchema>, options: WorkGraphOptions = {}): Promise<WorkGraph> {
  const titles = options.titles ?? true
  const { columnAsJson } = dialectOf(db)
  const ofType = (type: string, end: string) => columnAsJson(sql.ref(end), undefined, sql`type = ${sql.lit(type)}`)
  // Both scans in one statement: in a cold process each round trip through the driver costs more than the SQL it runs.
  const edgeScan = sql`SELECT ${ofType('blocks', 'issue_id')} AS blocked, ${ofType('blocks', 'depends_on_id')} AS blocker,
      ${ofType('parent-child', 'issue_id')} AS child, ${ofType('parent-child', 'depends_on_id')} AS parent
      FROM dependencies WHERE type IN ('blocks', 'parent-child') AND issue_id <> depends_on_id`
  const nodeScan = workNodesQuery(db, options.closed ? 'all' : 'open', titles)
  const scan = (await sql<Record<string, string>>`SELECT * FROM (${nodeScan}) AS n, (${edgeScan}) AS e`.execute(db)).rows[0]!
  const rows = appendRows(undefined, scan, titles)
  const index = new Map<string, number>()
  const ids = rows.ids
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i)
  const blocks: EdgeList = { from: parse(scan.blocked), to: parse(scan.blocker) }
  const childOf: EdgeList = { from: parse(scan.child), to: parse(scan.parent) }
  if (!options.closed) {
    for (;;) {
      const wanted = new Set<string>()
      for (let k = 0; k < childOf.from.length; k++) if (!index.has(childOf.to[k]!) && index.has(childOf.from[k]!)) wanted.add(childOf.to[k]!)
      if (wanted.size === 0) break
      const scan = (await workNodesQuery(db, { closedAmong: [...wanted] }, titles).execute(db)).rows[0]!
      const first = ids.length
      appendRows(rows, scan, titles)
      if (ids.length === first) break // the rest are missing or deleted: no parent
      for (let i = first; i < ids.length; i++) index.set(ids[i]!, i)
    }
  }
  const graph = columnsOf(rows, index, blocks, childOf)
  await otherNames(db, graph)
  return graph
}

/** The statuses and types sent as OTHER (no code), read by id: rare, from other beads tools. */
async function otherNames(db: Kysely<TrackerSchema>, g: WorkGraph): Promise<void> {
  const rows: number[] = []
  for (let i = 0; i < g.size; i++) if (g.status[i] === OTHER || g.type[i] === OTHER_TYPE) rows.push(i)
  if (rows.length === 0) return
  const names = await sql<{ id: string; status: string; issue_type: string }>`SELECT id, status, issue_type FROM issues
    WHERE id IN (${dialectOf(db).idList(rows.map((i) => g.ids[i]!))})`.execute(db)
  const status = g.otherStatus as Map<number, string>
  const type = g.otherType as Map<number, string>
  for (const n of names.rows) {
    const i = g.index.get(n.id)!
    if (g.status[i] === OTHER) status.set(i, n.status)
    if (g.type[i] === OTHER_TYPE) type.set(i, n.issue_type)
  }
}

/** Decodes the packed scan column, spreads the extras over their rows and links the edges by row. */
function columnsOf(rows: Rows, index: Map<string, number>, blocks: EdgeList, childOf: EdgeList): WorkGraph {
  const { ids } = rows
  const size = ids.length
  const status = new Uint8Array(size)
  const priority = new Uint8Array(size)
  const type = new Uint8Array(size)
  const work = new Uint8Array(size)
  const packedColumn = rows.packed // a local: a cold loop pays for every property load
  for (let i = 0; i < size; i++) {
    const packed = packedColumn[i]!
    type[i] = packed & 15
    work[i] = (packed >> 4) & 1 && WORK_TYPE[type[i]!] ? 1 : 0
    status[i] = (packed >> 5) & 7
    priority[i] = packed >> 8
  }
  const estimatedMinutes: Array<number | null> = new Array(size).fill(null)
  const deferUntil: Array<string | null> = new Array(size).fill(null)
  for (const [id, minutes, defer] of rows.extras) {
    const i = index.get(id)!
    estimatedMinutes[i] = minutes
    deferUntil[i] = defer
  }
  const [blockers, parents] = linked(ids, index, [blocks, childOf])
  return {
    size,
    ids,
    index,
    status,
    priority,
    type,
    work,
    estimatedMinutes,
    deferUntil,
    titles: rows.titles,
    assignees: rows.assignees,
    blockerFrom: blockers.start,
    blockers: blockers.to,
    parentFrom: parents.start,
    parents: parents.to,
    otherStatus: new Map(),
    otherType: new Map(),
  }
}

/**
 * Each list of edges between rows in CSR form (a count, then a fill): row i points to to[start[i] ..
 * start[i + 1]), in id order. An edge with an end outside the graph is dropped. All lists in one
 * call: a second call of a loop this hot has V8 compile it again, and a process waits for that.
 */
function linked(ids: readonly string[], index: ReadonlyMap<string, number>, lists: readonly EdgeList[]): Array<{ start: Int32Array; to: Int32Array }> {
  const size = ids.length
  const linkedLists: Array<{ start: Int32Array; to: Int32Array }> = []
  for (const { from, to } of lists) {
    // Each edge's rows (-1: an end outside the graph), and the counts per row.
    const rowFrom = new Int32Array(from.length)
    const rowTo = new Int32Array(from.length)
    const start = new Int32Array(size + 1)
    let at = -1
    for (let k = 0; k < from.length; k++) {
      // Edges come grouped by issue (the primary key's order): look each issue up once.
      if (k === 0 || from[k] !== from[k - 1]) at = index.get(from[k]!) ?? -1
      const j = at < 0 ? -1 : (index.get(to[k]!) ?? -1)
      rowFrom[k] = at
      rowTo[k] = j
      if (j >= 0) start[at + 1]!++
    }
    for (let i = 0; i < size; i++) start[i + 1]! += start[i]!
    const targets = new Int32Array(start[size]!)
    const next = start.slice(0, size)
    let unsorted = false
    for (let k = 0; k < from.length; k++) {
      const i = rowFrom[k]!
      if (rowTo[k]! < 0) continue
      const slot = next[i]!++
      // Usually already in id order (the primary key's); sorted below only when not.
      if (slot > start[i]! && to[k]! < ids[targets[slot - 1]!]!) unsorted = true
      targets[slot] = rowTo[k]!
    }
    if (unsorted) {
      const byId = (a: number, b: number) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0)
      for (let i = 0; i < size; i++) targets.subarray(start[i]!, start[i + 1]!).sort(byId)
    }
    linkedLists.push({ start, to: targets })
  }
  return linkedLists
}

/** Titles of the given beads, for the few a plan shows: one JSON array of [id, title], as the scans do. */
export async function loadTitles(db: Kysely<TrackerSchema>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const { rowsAsJson, idList } = dialectOf(db)
  const { rows } = await sql<{ titles: string }>`SELECT ${rowsAsJson(sql`id, title`)} AS titles FROM issues WHERE id IN (${idList(ids)})`.execute(db)
  return new Map(parse<[string, string]>(rows[0]?.titles))
}
