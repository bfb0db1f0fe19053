import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import { type TrackerContext, nowOf, recordEvent, touch, write } from './context.js'
import { assertEdgeAllowed } from './graph.js'
import { refreshReadiness } from './readiness.js'
import { resolveId } from './resolve-id.js'
import { issueColumns, toIssue } from './rows.js'
import type { DependencyType, Stored, TrackerSchema } from './schema.js'
import type { DependencyChange, LinkedIssue, TreeNode } from './types.js'
import { parseDependencyType } from './values.js'
import { TOMBSTONE } from './work-rules.js'

export async function addDependency(ctx: TrackerContext, issueInput: string, dependsOnInput: string, typeInput = 'blocks'): Promise<DependencyChange> {
  const type = parseDependencyType(typeInput)
  return write(ctx, async (trx) => {
    const issue_id = await resolveId(trx, ctx.prefix, issueInput)
    const depends_on_id = await resolveId(trx, ctx.prefix, dependsOnInput)
    // Edges are keyed by type: a pair may be linked several ways (related and blocks), each kept.
    const existing = await trx
      .selectFrom('dependencies')
      .select('type')
      .where('issue_id', '=', issue_id)
      .where('depends_on_id', '=', depends_on_id)
      .where('type', '=', type)
      .executeTakeFirst()
    if (existing) return { status: 'added', issue_id, depends_on_id, type }
    await assertEdgeAllowed(trx, issue_id, depends_on_id, type)
    await trx
      .insertInto('dependencies')
      .values({ issue_id, depends_on_id, type, created_at: nowOf(ctx), created_by: ctx.actor() })
      .execute()
    await recordEvent(trx, ctx, { issue_id, event_type: 'dependency_added', new_value: { depends_on_id, type } })
    await touch(trx, ctx, [issue_id])
    await refreshReadiness(trx, [issue_id])
    return { status: 'added', issue_id, depends_on_id, type }
  })
}

export async function removeDependency(ctx: TrackerContext, issueInput: string, dependsOnInput: string): Promise<DependencyChange> {
  return write(ctx, async (trx) => {
    const issue_id = await resolveId(trx, ctx.prefix, issueInput)
    const depends_on_id = await resolveTarget(trx, ctx.prefix, issue_id, dependsOnInput)
    const existing = await trx
      .selectFrom('dependencies')
      .select('type')
      .where('issue_id', '=', issue_id)
      .where('depends_on_id', '=', depends_on_id)
      .orderBy('type')
      .execute()
    if (!existing.length)
      throw new DomainError('NOT_FOUND', `${issue_id} does not depend on ${depends_on_id}`, { hint: `See its edges with: bd dep list ${issue_id}` })
    // Every edge between the pair goes (one per type).
    await trx.deleteFrom('dependencies').where('issue_id', '=', issue_id).where('depends_on_id', '=', depends_on_id).execute()
    for (const e of existing) await recordEvent(trx, ctx, { issue_id, event_type: 'dependency_removed', old_value: { depends_on_id, type: e.type } })
    await touch(trx, ctx, [issue_id])
    await refreshReadiness(trx, [issue_id])
    return { status: 'removed', issue_id, depends_on_id, type: existing[0]!.type }
  })
}

/** The target as a bead id, or as written when it names no bead here but `issue` has an edge to it (a dangling edge). */
async function resolveTarget(db: Kysely<TrackerSchema>, prefix: string, issue: string, input: string): Promise<string> {
  try {
    return await resolveId(db, prefix, input)
  } catch (e) {
    const dangling = await db
      .selectFrom('dependencies')
      .select('depends_on_id')
      .where('issue_id', '=', issue)
      .where('depends_on_id', '=', input.trim())
      .executeTakeFirst()
    if (dangling) return dangling.depends_on_id
    throw e
  }
}

export interface MissingDependency {
  depends_on_id: string
  dependency_type: string
  /** `deleted`: a tombstone here; `missing`: no such bead here (another tracker's, or `external:…`). */
  reason: 'deleted' | 'missing'
}

/** Edges of `id` whose target is not a live bead here: kept as written, shown, never blocking. */
export async function missingDependencies(db: Kysely<TrackerSchema>, id: string): Promise<MissingDependency[]> {
  const rows = await db
    .selectFrom('dependencies')
    .leftJoin('issues', 'issues.id', 'dependencies.depends_on_id')
    .select(['dependencies.depends_on_id', 'dependencies.type', 'issues.status'])
    .where('dependencies.issue_id', '=', id)
    .where((eb) => eb.or([eb('issues.id', 'is', null), eb('issues.status', '=', TOMBSTONE)]))
    .orderBy('dependencies.depends_on_id')
    .orderBy('dependencies.type')
    .execute()
  return rows.map((r) => ({ depends_on_id: r.depends_on_id, dependency_type: r.type, reason: r.status === TOMBSTONE ? 'deleted' : 'missing' }))
}

export type Direction = 'down' | 'up'

/** down: what `id` depends on; up: what depends on `id`. */
export async function linkedIssues(db: Kysely<TrackerSchema>, id: string, direction: Direction, type?: DependencyType): Promise<LinkedIssue[]> {
  const [near, far] = direction === 'down' ? (['issue_id', 'depends_on_id'] as const) : (['depends_on_id', 'issue_id'] as const)
  let q = db
    .selectFrom('dependencies')
    .innerJoin('issues', 'issues.id', `dependencies.${far}`)
    .select((eb) => [...issueColumns(db)(eb), 'dependencies.type as dependency_type'])
    .where(`dependencies.${near}`, '=', id)
    .where('issues.status', '<>', TOMBSTONE)
  if (type) q = q.where('dependencies.type', '=', type)
  const rows = await q.orderBy('issues.priority').orderBy('issues.id').execute()
  return rows.map((r) => ({ ...toIssue(r), dependency_type: r.dependency_type }))
}

/** Depth-first tree from `rootId`; a bead reached twice is shown once more, marked `repeated`. */
export async function dependencyTree(db: Kysely<TrackerSchema>, rootId: string, direction: Direction, maxDepth = 50): Promise<TreeNode[]> {
  const nodes: TreeNode[] = []
  const shown = new Set<string>()
  const walk = async (id: string, depth: number, parentId: string | null, type: Stored<DependencyType> | null): Promise<void> => {
    const row = await db.selectFrom('issues').select(['id', 'title', 'status', 'priority', 'issue_type']).where('id', '=', id).executeTakeFirstOrThrow()
    const repeated = shown.has(id)
    nodes.push({ ...row, depth, parent_id: parentId, dependency_type: type, ...(repeated ? { repeated } : {}) })
    if (repeated || depth >= maxDepth) return
    shown.add(id)
    for (const child of await linkedIssues(db, id, direction)) await walk(child.id, depth + 1, id, child.dependency_type)
  }
  await walk(rootId, 0, null, null)
  return nodes
}
