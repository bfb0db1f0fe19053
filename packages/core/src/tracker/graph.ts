import { type Kysely, sql } from 'kysely'
import { DomainError } from '../errors.js'
import type { DependencyType, TrackerSchema } from './schema.js'

/** Edge types that affect readiness, and so must never form a cycle. */
export const BLOCKING_TYPES: readonly DependencyType[] = ['blocks', 'parent-child']

/** The path depends_on → … → issue through blocking edges, if one exists (adding issue → depends_on would close it). */
export async function pathBetween(db: Kysely<TrackerSchema>, from: string, to: string): Promise<string[] | undefined> {
  const rows = await sql<{ id: string; path: string }>`
    WITH RECURSIVE walk(id, path, depth) AS (
      SELECT CAST(${from} AS text), CAST(${from} AS text), 0
      UNION
      SELECT d.depends_on_id, walk.path || ' -> ' || d.depends_on_id, walk.depth + 1
      FROM dependencies d JOIN walk ON d.issue_id = walk.id
      WHERE d.type IN ('blocks', 'parent-child') AND walk.depth < 1000 AND walk.id <> ${to}
    )
    SELECT id, path FROM walk WHERE id = ${to} LIMIT 1`.execute(db)
  return rows.rows[0]?.path.split(' -> ')
}

/** Beads above `id` (up) or below it (down) through parent-child edges, transitively. */
async function lineage(db: Kysely<TrackerSchema>, id: string, direction: 'up' | 'down'): Promise<string[]> {
  const [from, to] = direction === 'up' ? (['issue_id', 'depends_on_id'] as const) : (['depends_on_id', 'issue_id'] as const)
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE walk(id) AS (
      SELECT ${sql.ref(to)} FROM dependencies WHERE ${sql.ref(from)} = ${id} AND type = 'parent-child'
      UNION
      SELECT d.${sql.ref(to)} FROM dependencies d JOIN walk ON d.${sql.ref(from)} = walk.id WHERE d.type = 'parent-child'
    ) SELECT id FROM walk`.execute(db)
  return rows.rows.map((r) => r.id)
}

export const ancestorsOf = (db: Kysely<TrackerSchema>, id: string) => lineage(db, id, 'up')
export const descendantsOf = (db: Kysely<TrackerSchema>, id: string) => lineage(db, id, 'down')

/**
 * Refuses an edge that would deadlock readiness: a self-edge, a cycle through blocking edges, or a
 * `blocks` edge from a bead (or its subtree) to one of its own ancestors.
 */
export async function assertEdgeAllowed(db: Kysely<TrackerSchema>, issueId: string, dependsOnId: string, type: DependencyType): Promise<void> {
  if (issueId === dependsOnId) {
    throw new DomainError('INVALID_DEPENDENCY', `a bead cannot depend on itself: ${issueId}`)
  }
  if (!BLOCKING_TYPES.includes(type)) return
  const path = await pathBetween(db, dependsOnId, issueId)
  if (path) {
    throw new DomainError('CYCLE', `adding ${issueId} -> ${dependsOnId} (${type}) would create a cycle: ${[issueId, ...path].join(' -> ')}`, {
      hint: 'Remove one of the existing edges first (`bd dep remove`), or use a non-blocking type such as related.',
    })
  }
  const subtree = type === 'parent-child' ? [issueId, ...(await descendantsOf(db, issueId))] : [issueId]
  const ancestors = type === 'parent-child' ? [dependsOnId, ...(await ancestorsOf(db, dependsOnId))] : await ancestorsOf(db, issueId)
  if (type === 'blocks' && ancestors.includes(dependsOnId)) {
    throw new DomainError('INVALID_DEPENDENCY', `${issueId} cannot be blocked by its own ancestor ${dependsOnId}`, {
      hint: 'A child is already held back while its parent is blocked; the edge would deadlock it.',
    })
  }
  if (type === 'parent-child' && ancestors.length > 0) {
    const clash = await db
      .selectFrom('dependencies')
      .select(['issue_id', 'depends_on_id'])
      .where('type', '=', 'blocks')
      .where('issue_id', 'in', subtree)
      .where('depends_on_id', 'in', ancestors)
      .executeTakeFirst()
    if (clash) {
      throw new DomainError(
        'INVALID_DEPENDENCY',
        `making ${issueId} a child of ${dependsOnId} would leave ${clash.issue_id} blocked by its own ancestor ${clash.depends_on_id}`,
      )
    }
  }
}

/** Every elementary cycle through blocking edges (there should be none; imports may bring some). */
export async function findCycles(db: Kysely<TrackerSchema>): Promise<string[][]> {
  const edges = await db.selectFrom('dependencies').select(['issue_id', 'depends_on_id']).where('type', 'in', BLOCKING_TYPES).execute()
  const adj = new Map<string, string[]>()
  for (const e of edges) adj.set(e.issue_id, [...(adj.get(e.issue_id) ?? []), e.depends_on_id])
  const cycles: string[][] = []
  const seen = new Set<string>()
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'active')
    stack.push(node)
    for (const next of adj.get(node) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = canonical(stack.slice(stack.indexOf(next)))
        const key = cycle.join(',')
        if (!seen.has(key)) {
          seen.add(key)
          cycles.push(cycle)
        }
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...adj.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

/** Rotates a cycle to start at its smallest id, so the same cycle always prints the same way. */
function canonical(cycle: string[]): string[] {
  const start = cycle.indexOf([...cycle].sort()[0]!)
  return [...cycle.slice(start), ...cycle.slice(0, start)]
}
