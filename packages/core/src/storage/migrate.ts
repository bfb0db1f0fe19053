import { type Kysely, sql } from 'kysely'
import { dialectOf, type SqlDialect } from './dialect.js'
import { writeTransaction } from './write-transaction.js'

/** One schema step. Append-only: a shipped migration is never edited, only followed by another. */
export interface Migration {
  name: string
  up(db: Kysely<any>, dialect: SqlDialect): Promise<void>
}

/**
 * Applies pending migrations in list order, all in one write transaction (SQLite: `BEGIN
 * IMMEDIATE`; PostgreSQL: the workspace's advisory lock), so that many processes opening a fresh
 * database at once serialise here instead of racing (the stock Kysely Migrator failed 7/18 such
 * starts). The applied set is re-read after the lock is taken.
 */
export async function migrate(db: Kysely<any>, migrations: readonly Migration[]): Promise<string[]> {
  const dialect = dialectOf(db)
  // Fast path: an up-to-date database costs one cheap read (SQLite: user_version counts applied migrations).
  if ((await appliedCount(db, dialect)) === migrations.length) return []
  return writeTransaction(db, async (trx) => {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(trx)
    const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(trx)
    const applied = new Set(rows.rows.map((r) => r.name))
    const ran: string[] = []
    for (const m of migrations) {
      if (applied.has(m.name)) continue
      await m.up(trx, dialect)
      await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${m.name}, ${new Date().toISOString()})`.execute(trx)
      ran.push(m.name)
    }
    if (dialect.kind === 'sqlite') await sql.raw(`PRAGMA user_version = ${migrations.length}`).execute(trx)
    return ran
  })
}

async function appliedCount(db: Kysely<any>, dialect: SqlDialect): Promise<number> {
  if (dialect.kind === 'sqlite') return (await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0]?.user_version ?? 0
  const table = await sql<{ t: string | null }>`SELECT CAST(to_regclass('schema_migrations') AS text) AS t`.execute(db)
  if (!table.rows[0]?.t) return 0
  return Number((await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations`.execute(db)).rows[0]?.n ?? 0)
}
