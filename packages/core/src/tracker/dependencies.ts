import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import { type TrackerContext, nowOf, recordEvent, touch, write } from './context.js'
import { assertEdgeAllowed } from './graph.js'
import { refreshReadiness } from './readiness.js'
import { resolveId } from './resolve-id.js'
import { issueColumns, toIssue } from './rows.js'
import type { DependencyType, TrackerSchema } from './schema.js'
import type { DependencyChange, LinkedIssue, TreeNode } from './types.js'
import { parseDependencyType } from './values.js'

export async function addDependency(ctx: TrackerContext, issueInput: string, dependsOnInput: string, typeInput = 'blocks'): Promise<DependencyChange> {
  const type = parseDependencyType(typeInput)
  return write(ctx, async (trx) => {
    const issue_id = await resolveId(trx, ctx.prefix, issueInput)
    const depends_on_id = await resolveId(trx, ctx.prefix, dependsOnInput)
    const existing = await trx.selectFrom('dependencies').select('type').where('issue_id', '=', issue_id).where('depends_on_id', '=', depends_on_id).executeTakeFirst()
    if (existing?.type === type) return { status: 'added', issue_id, depends_on_id, type }
    if (existing) {
      throw new DomainError('DUPLICATE', `${issue_id} already depends on ${depends_on_id} (${existing.type})`, { hint: `Remove it first: bd dep remove ${issue_id} ${depends_on_id}` })
    }
    await assertEdgeAllowed(trx, issue_id, depends_on_id, type)
    await trx.insertInto('dependencies').values({ issue_id, depends_on_id, type, created_at: nowOf(ctx), created_by: ctx.actor() }).execute()
    await recordEvent(trx, ctx, { issue_id, event_type: 'dependency_added', new_value: { depends_on_id, type } })
    await touch(trx, ctx, [issue_id])
    await refreshReadiness(trx, [issue_id])
    return { status: 'added', issue_id, depends_on_id, type }
  })
}

export async function removeDependency(ctx: TrackerContext, issueInput: string, dependsOnInput: string): Promise<DependencyChange> {
  return write(ctx, async (trx) => {
    const issue_id = await resolveId(trx, ctx.prefix, issueInput)
    const depends_on_id = await resolveId(trx, ctx.prefix, dependsOnInput)
    const existing = await trx.selectFrom('dependencies').select('type').where('issue_id', '=', issue_id).where('depends_on_id', '=', depends_on_id).executeTakeFirst()
    if (!existing) throw new DomainError('NOT_FOUND', `${issue_id} does not depend on ${depends_on_id}`, { hint: `See its edges with: bd dep list ${issue_id}` })
    await trx.deleteFrom('dependencies').where('issue_id', '=', issue_id).where('depends_on_id', '=', depends_on_id).execute()
    await recordEvent(trx, ctx, { issue_id, event_type: 'dependency_removed', old_value: { depends_on_id, type: existing.type } })
    await touch(trx, ctx, [issue_id])
    await refreshReadiness(trx, [issue_id])
    return { status: 'removed', issue_id, depends_on_id, type: existing.type }
  })
}

export type Direction = 'down' | 'up'

/** down: what `id` depends on; up: what depends on `id`. */
export async function linkedIssues(db: Kysely<TrackerSchema>, id: string, direction: Direction, type?: DependencyType): Promise<LinkedIssue[]> {
  const [near, far] = direction === 'down' ? (['issue_id', 'depends_on_id'] as const) : (['depends_on_id', 'issue_id'] as const)
  let q = db
    .selectFrom('dependencies')
    .innerJoin('issues', 'issues.id', `dependencies.${far}`)
    .select((eb) => [...issueColumns(eb), 'dependencies.type as dependency_type'])
    .where(`dependencies.${near}`, '=', id)
  if (type) q = q.where('dependencies.type', '=', type)
  const rows = await q.orderBy('issues.priority').orderBy('issues.id').execute()
  return rows.map((r) => ({ ...toIssue(r), dependency_type: r.dependency_type }))
}

/** Depth-first tree from `rootId`; a bead reached twice is shown once more, marked `repeated`. */
export async function dependencyTree(db: Kysely<TrackerSchema>, rootId: string, direction: Direction, maxDepth = 50): Promise<TreeNode[]> {
  const nodes: TreeNode[] = []
  const shown = new Set<string>()
  const walk = async (id: string, depth: number, parentId: string | null, type: DependencyType | null): Promise<void> => {
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
