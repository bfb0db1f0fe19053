import type { Kysely } from 'kysely'
import type { Migration } from '../storage/migrate.js'

/** One row per worker `wt land` has tried: where an in-flight landing stands, and failures so far. */
export type LandingsTable = {
  worker_id: number
  worker: string
  /** A LandStep while a landing runs; `failed` after one failed; the row goes when the worker lands. */
  step: string
  base_branch: string
  base_before: string
  old_tip: string
  new_tip: string | null
  /** The throw-away worktree of the rebase step. */
  scratch: string | null
  attempts: number
  last_failure: string | null
  updated_at: string
}

export type LandingSchema = {
  landings: LandingsTable
}

export const landingDb = <DB>(db: Kysely<DB>) => db.withTables<LandingSchema>()

export const landingMigrations: readonly Migration[] = [
  {
    name: 'wt_land_0001_landings',
    async up(db) {
      await db.schema
        .createTable('landings')
        .addColumn('worker_id', 'integer', (c) => c.primaryKey())
        .addColumn('worker', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('base_branch', 'text', (c) => c.notNull())
        .addColumn('base_before', 'text', (c) => c.notNull())
        .addColumn('old_tip', 'text', (c) => c.notNull())
        .addColumn('new_tip', 'text')
        .addColumn('scratch', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_failure', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
    },
  },
]
