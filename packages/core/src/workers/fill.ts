import { isDomainError } from '../errors.js'
import { type PoolContext, dbOf } from './context.js'
import { readyAcrossProjects } from './ready.js'
import { reconcile } from './reconcile.js'
import { spawnWorker, type SpawnResult } from './spawn.js'
import { beadsTouchingLiveWork } from '../landing/avoid.js'

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
  const max = options.max ?? ctx.config.settings(options.project).maxWorkers
  const countLive = async () =>
    Number(
      (
        await dbOf(ctx)
          .selectFrom('workers')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('ended_at', 'is', null)
          .where('state', '<>', 'dead')
          .executeTakeFirstOrThrow()
      ).n,
    )
  const candidates = await readyAcrossProjects(ctx, { project: options.project, priority: options.priority, unassigned: true })
  const result: FillResult = { spawned: [], skipped: [], live: await countLive(), max }
  // Beads that name files a live worker already changed wait: two workers on one file collide.
  const touching = await beadsTouchingLiveWork(ctx, candidates)
  for (const issue of candidates) {
    if (result.live >= max) break
    const why = touching.get(issue.id)
    if (why) {
      result.skipped.push({ bead: issue.id, reason: why })
      continue
    }
    try {
      const { worker } = await spawnWorker(ctx, { bead: issue.id, project: issue.project, noPrompt: options.noPrompt, maxLive: max })
      result.spawned.push(worker)
    } catch (e) {
      if (isDomainError(e) && e.fields?.capacity) break
      if (!isDomainError(e) || !['DUPLICATE', 'ALREADY_CLAIMED', 'NOT_CLAIMABLE', 'CONFLICT', 'INVALID_ID'].includes(e.code)) throw e
      result.skipped.push({ bead: issue.id, reason: e.message })
    }
    result.live = await countLive()
  }
  result.live = await countLive()
  return result
}
