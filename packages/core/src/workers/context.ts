import type { Kysely, Selectable } from 'kysely'
import { realpathSync } from 'node:fs'
import type { Git } from '../adapters/git/git.js'
import type { Tmux } from '../adapters/tmux/tmux.js'
import type { ConfigStore } from './config.js'
import type { WorkersTable, WtSchema } from './schema.js'
import type { WtState } from './state.js'

export type WorkerRow = Selectable<WorkersTable>

/** What every worker operation needs: state, configuration, the tmux and git ports, and where it runs. */
export interface PoolContext {
  state: WtState
  config: ConfigStore
  tmux: Tmux
  git: Git
  env: NodeJS.ProcessEnv
  cwd: string
  /** How agent hooks run wt, e.g. [process.execPath, '/…/packages/wt/bin/run.js']. */
  wtArgv: readonly string[]
  now: () => Date
}

export const isoNow = (ctx: PoolContext) => ctx.now().toISOString()
export const dbOf = (ctx: PoolContext): Kysely<WtSchema> => ctx.state.db

export function realpathOr(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}

export interface EventInput {
  worker?: Pick<WorkerRow, 'id' | 'name' | 'project' | 'bead'>
  type: string
  message?: string
  data?: Record<string, unknown>
}

/** Appends to the event log (inside a transaction when given one). */
export async function recordEvent(ctx: PoolContext, input: EventInput, db: Kysely<WtSchema> = dbOf(ctx)): Promise<void> {
  await db
    .insertInto('worker_events')
    .values({
      at: isoNow(ctx),
      worker_id: input.worker?.id ?? null,
      worker: input.worker?.name ?? null,
      project: input.worker?.project ?? null,
      bead: input.worker?.bead ?? null,
      type: input.type,
      message: input.message ?? null,
      data: input.data ? JSON.stringify(input.data) : null,
    })
    .execute()
}
