import { DomainError, isDomainError } from '../errors.js'
import type { ReadyIssue } from '../tracker/types.js'
import { type PoolContext, dbOf } from './context.js'
import { getProject, listProjects, type Project, withTracker } from './projects.js'
import { reconcile } from './reconcile.js'
import { spawnWorker, type SpawnResult } from './spawn.js'

export interface FillOptions {
  project?: string
  /** Only these priorities (e.g. [0, 1]). */
  priority?: Array<string | number>
  /** Live workers to fill up to (default: max_workers). */
  max?: number
  noPrompt?: boolean
}

export interface FillResult {
  spawned: Array<SpawnResult['worker']>
  skipped: Array<{ bead: string; reason: string }>
  live: number
  max: number
}

/**
 * `wt new --ready`: spawns workers for the top ready, unassigned beads (across projects, by
 * priority then age) until `max` live workers exist. Each spawn claims atomically, so running it
 * twice, or twice at once, never gives a bead two workers.
 */
export async function fillCapacity(ctx: PoolContext, options: FillOptions = {}): Promise<FillResult> {
  await reconcile(ctx)
  const projects: Project[] = options.project ? [await getProject(ctx, options.project)] : await listProjects(ctx)
  if (!projects.length) throw new DomainError('NOT_FOUND', 'no projects registered', { hint: 'Register one: wt project add <name> <path>' })
  const max = options.max ?? ctx.config.settings(options.project).maxWorkers
  const countLive = async () => Number((await dbOf(ctx).selectFrom('workers').select((eb) => eb.fn.countAll().as('n')).where('ended_at', 'is', null).where('state', '<>', 'dead').executeTakeFirstOrThrow()).n)
  const candidates: Array<{ project: Project; issue: ReadyIssue }> = []
  for (const project of projects) {
    for (const issue of await withTracker(project, undefined, (t) => t.ready({ unassigned: true, priority: options.priority }))) {
      if (issue.issue_type !== 'epic') candidates.push({ project, issue })
    }
  }
  candidates.sort((a, b) => a.issue.priority - b.issue.priority || a.issue.created_at.localeCompare(b.issue.created_at))
  const result: FillResult = { spawned: [], skipped: [], live: await countLive(), max }
  for (const { project, issue } of candidates) {
    if (result.live >= max) break
    try {
      const { worker } = await spawnWorker(ctx, { bead: issue.id, project: project.name, noPrompt: options.noPrompt })
      result.spawned.push(worker)
    } catch (e) {
      if (!isDomainError(e) || !['DUPLICATE', 'ALREADY_CLAIMED', 'NOT_CLAIMABLE', 'CONFLICT'].includes(e.code)) throw e
      result.skipped.push({ bead: issue.id, reason: e.message })
    }
    result.live = await countLive()
  }
  return result
}
