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

/** Every bead but tombstones (closed ones only when asked, or when a parent), with its blocking edges: what explain and plan decide from. */
export type WorkGraph = Map<string, WorkNode>

const NON_WORK_SQL = `(${NON_WORK_TYPES.map((t) => `'${t}'`).join(',')})`

/** Two indexed scans; nothing is decided here (the rules in explain.ts and plan.ts do that). */
export async function loadWorkGraph(db: Kysely<TrackerSchema>, options: { closed?: boolean } = {}): Promise<WorkGraph> {
  const [rows, edges] = await Promise.all([
    db
      .selectFrom('issues')
      .select(['id', 'title', 'status', 'priority', 'issue_type', 'assignee', 'estimated_minutes', 'defer_until', 'created_order'])
      .select(sql<number>`pinned = 0 AND ephemeral = 0 AND issue_type NOT IN ${sql.raw(NON_WORK_SQL)}`.as('work'))
      // A closed bead never blocks; only a closed parent can still hold its children (readiness.ts).
      .where((eb) =>
        options.closed
          ? eb('status', '<>', TOMBSTONE)
          : eb.and([eb('status', '<>', TOMBSTONE), eb.or([eb('status', '<>', 'closed'), eb('id', 'in', eb.selectFrom('dependencies').select('depends_on_id').where('type', '=', 'parent-child'))])]),
      )
      .execute(),
    db.selectFrom('dependencies').select(['issue_id', 'depends_on_id', 'type']).where('type', 'in', ['blocks', 'parent-child']).execute(),
  ])
  const graph: WorkGraph = new Map()
  for (const r of rows) {
    graph.set(r.id, {
      id: r.id,
      title: r.title,
      status: r.status,
      priority: r.priority,
      issue_type: r.issue_type,
      assignee: r.assignee,
      estimated_minutes: r.estimated_minutes,
      defer_until: r.defer_until,
      deferKey: r.defer_until === null ? null : (timeKey(r.defer_until) ?? null),
      createdKey: r.created_order ?? '',
      work: r.work === 1,
      blockers: [],
      parents: [],
    })
  }
  for (const e of edges) {
    const node = graph.get(e.issue_id)
    if (!node || e.issue_id === e.depends_on_id) continue
    ;(e.type === 'blocks' ? node.blockers : node.parents).push(e.depends_on_id)
  }
  for (const node of graph.values()) {
    node.blockers.sort()
    node.parents.sort()
  }
  return graph
}

/** Queue order everywhere: priority, then oldest, then id. */
export const byQueueOrder = (a: WorkNode, b: WorkNode) =>
  a.priority - b.priority || (a.createdKey < b.createdKey ? -1 : a.createdKey > b.createdKey ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
