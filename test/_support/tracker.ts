import { type Kysely, sql } from 'kysely'
import { kyselyOver, openSqlite, type RawDatabase } from '../../packages/core/src/storage/open.js'
import { migrate } from '../../packages/core/src/storage/migrate.js'
import { trackerMigrations } from '../../packages/core/src/tracker/migrations.js'
import type { TrackerSchema } from '../../packages/core/src/tracker/schema.js'
import { Tracker } from '../../packages/core/src/tracker/tracker.js'

export interface TestClock {
  now: Date
  advance(ms: number): void
}

/**
 * The backend the tracker suites run on: SQLite in memory, or — when the conformance runner
 * (test/core/postgres-conformance.test.ts) sets BEADS_TEST_PG_URL — a fresh schema per tracker in
 * its throwaway PostgreSQL cluster. The same tests, unchanged, on both.
 */
export const testBackend = (): 'sqlite' | 'postgres' => (process.env.BEADS_TEST_PG_URL ? 'postgres' : 'sqlite')

let schemas = 0
const open: Array<Kysely<TrackerSchema>> = []

async function testDatabase(): Promise<{ db: Kysely<TrackerSchema>; raw?: RawDatabase }> {
  const url = process.env.BEADS_TEST_PG_URL
  if (!url) {
    const raw = openSqlite(':memory:')
    return { db: kyselyOver<TrackerSchema>(raw), raw }
  }
  const { parseDatabaseUrl } = await import('../../packages/core/src/storage/postgres-url.js')
  const { createSchema, openPostgres } = await import('../../packages/core/src/storage/postgres.js')
  const schema = `t${process.pid}_${++schemas}`
  const target = parseDatabaseUrl(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`)
  const db = openPostgres<TrackerSchema>(target, { max: 2 })
  await createSchema(db, schema)
  open.push(db)
  return { db }
}

/** Closes every database the helpers opened (the conformance runner calls it before stopping its server). */
export async function closeTestDatabases(): Promise<void> {
  await Promise.all(open.splice(0).map((db) => db.destroy().catch(() => undefined)))
}

/** A tracker on a fresh database with a controllable clock and actor. */
export async function memoryTracker(options: { prefix?: string; actor?: string } = {}) {
  const { db, raw } = await testDatabase()
  await migrate(db, trackerMigrations)
  const clock: TestClock = {
    now: new Date('2026-01-01T00:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  let actor = options.actor ?? 'tester'
  const tracker = new Tracker({
    db,
    prefix: options.prefix ?? 'bd',
    actor: () => actor,
    now: () => {
      // Every write moves the clock on by 1 ms, so creation order is total.
      clock.advance(1)
      return clock.now
    },
  })
  return {
    tracker,
    /** The SQLite handle, for the SQLite-only tests (query plans); undefined on PostgreSQL. */
    raw: raw as RawDatabase,
    clock,
    as(name: string) {
      actor = name
    },
    /** Plain SQL both engines read alike (test set-up and inspection). */
    async rows<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]> {
      const parts = query.split('?')
      const text = sql.join(
        parts.map((p, i) => (i === 0 ? sql.raw(p) : sql`${params[i - 1]}${sql.raw(p)}`)),
        sql.raw(''),
      )
      return (await sql<T>`${text}`.execute(db)).rows
    },
    close: () => db.destroy(),
  }
}
