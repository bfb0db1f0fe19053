import { DomainError } from '../errors.js'
import { type PoolContext, type WorkerRow, dbOf, realpathOr } from './context.js'
import { isInside } from './projects.js'

/** A live worker by name, else by bead id (exact, case-insensitive). */
export async function findLive(ctx: PoolContext, nameOrBead: string): Promise<WorkerRow> {
  const live = await dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', 'is', null).execute()
  const w = live.find((x) => x.name === nameOrBead) ?? live.find((x) => x.bead.toLowerCase() === nameOrBead.toLowerCase())
  if (!w) throw noWorker(nameOrBead)
  return w
}

/** The worker whose worktree holds cwd, else the one named by WT_SESSION. */
export async function currentWorker(ctx: PoolContext): Promise<WorkerRow> {
  const live = await dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', 'is', null).execute()
  const cwd = realpathOr(ctx.cwd)
  const here = live.filter((w) => isInside(cwd, w.worktree)).sort((a, b) => b.worktree.length - a.worktree.length)[0]
  if (here) return here
  const session = ctx.env.WT_SESSION
  const byEnv = session ? live.find((w) => w.name === session) : undefined
  if (byEnv) return byEnv
  // Name the stale value: a WT_SESSION left over from an ended worker is the usual cause.
  if (session)
    throw new DomainError('NOT_FOUND', `no worker found: WT_SESSION=${session} is not a live worker, and ${cwd} is not inside a worker worktree`, {
      hint: 'Run it from a worker worktree, or unset WT_SESSION (wt list shows the live workers).',
    })
  throw new DomainError('NOT_FOUND', `no worker found here: ${cwd} is not inside a worker worktree and WT_SESSION is not set`, {
    hint: 'Run it from a worker worktree (wt list shows them).',
  })
}

export const noWorker = (what: string) => new DomainError('NOT_FOUND', `no worker found: ${what}`, { hint: 'See `wt list` (add --all for ended workers).' })
