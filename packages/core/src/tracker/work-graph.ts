import { type Kysely, sql } from 'kysely'
import type { TrackerSchema } from './schema.js'
import { timeKey } from './time-key.js'
import { NON_WORK_TYPES, TOMBSTONE } from './work-rules.js'

/** One bead as the readiness, explain and plan rules see it. */
export interface WorkNode {
  id: string
  title: string
  status: string
  priority: number
  issue_type: string
  assignee: string | null
  estimated_minutes: number | null
  /** As written (shown to people); `deferKey` is what compares. */
  defer_until: string | null
  deferKey: string | null
  /** Creation order key (created_order; '' when unknown, sorting first as in `ready`): ties fall to it, then the id. */
  createdKey: string
  /** Counts as work for `ready` (work-rules.ts): not pinned, not ephemeral, not a non-work type. */
  work: boolean
  /** Targets of its `blocks` edges (itself excluded), as stored: some may name no bead here. */
  blockers: string[]
  /** Its parents (parent-child edges point child → parent). */
  parents: string[]
}

/**
 * Every bead but tombstones (closed ones only when asked, or when a parent), with its blocking
 * edges: what explain and plan decide from. Iterates in queue order (byQueueOrder).
 */
export type WorkGraph = Map<string, WorkNode>

const NON_WORK_SQL = `(${NON_WORK_TYPES.map((t) => `'${t}'`).join(',')})`

/**
 * Two scans, each returned by SQLite as one JSON array (a tenth of the cost of a row object per
 * bead at 10k). Nothing is decided here: the rules in explain.ts and plan.ts do that.
 */
export async function loadWorkGraph(db: Kysely<TrackerSchema>, options: { closed?: boolean } = {}): Promise<WorkGraph> {
  // Closed beads never block; only a closed parent can still hold its children (readiness.ts).
  const which = options.closed
    ? sql`status <> ${TOMBSTONE}`
    : sql`status <> ${TOMBSTONE} AND (status <> 'closed' OR id IN (SELECT depends_on_id FROM dependencies WHERE type = 'parent-child'))`
  const [nodes, edges] = await Promise.all([
    sql<{ j: string }>`SELECT json_group_array(json_array(id, title, status, priority, issue_type, assignee, estimated_minutes, defer_until, created_order,
        pinned = 0 AND ephemeral = 0 AND issue_type NOT IN ${sql.raw(NON_WORK_SQL)}) ORDER BY priority, created_order, id) AS j
      FROM issues WHERE ${which}`.execute(db),
    sql<{ j: string }>`SELECT json_group_array(json_array(issue_id, depends_on_id, type = 'blocks')) AS j
      FROM dependencies WHERE type IN ('blocks', 'parent-child') AND issue_id <> depends_on_id`.execute(db),
  ])
  type NodeRow = [string, string, string, number, string, string | null, number | null, string | null, string | null, number]
  const graph: WorkGraph = new Map()
  for (const [id, title, status, priority, issue_type, assignee, estimated_minutes, defer_until, created_order, work] of JSON.parse(
    nodes.rows[0]?.j ?? '[]',
  ) as NodeRow[]) {
    graph.set(id, {
      id,
      title,
      status,
      priority,
      issue_type,
      assignee,
      estimated_minutes,
      defer_until,
      deferKey: defer_until === null ? null : (timeKey(defer_until) ?? null),
      createdKey: created_order ?? '',
      work: work === 1,
      blockers: [],
      parents: [],
    })
  }
  for (const [issue, dependsOn, blocks] of JSON.parse(edges.rows[0]?.j ?? '[]') as Array<[string, string, number]>) {
    const node = graph.get(issue)
    if (node) (blocks ? node.blockers : node.parents).push(dependsOn)
  }
  for (const node of graph.values()) {
    if (node.blockers.length > 1) node.blockers.sort()
    if (node.parents.length > 1) node.parents.sort()
  }
  return graph
}

/** Queue order everywhere: priority, then oldest, then id. */
export const byQueueOrder = (a: WorkNode, b: WorkNode) =>
  a.priority - b.priority || (a.createdKey < b.createdKey ? -1 : a.createdKey > b.createdKey ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
