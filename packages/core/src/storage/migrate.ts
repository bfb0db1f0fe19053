import { type Kysely, sql } from 'kysely'
import { writeTransaction } from './write-transaction.js'

/** One schema step. Append-only: a shipped migration is never edited, only followed by another. */
export interface Migration {
  name: string
  up(db: Kysely<any>): Promise<void>
}

/**
 * Applies pending migrations in list order, all under one `BEGIN IMMEDIATE`, so that many
 * processes opening a fresh database at once serialise here instead of racing (the stock Kysely
 * Migrator failed 7/18 such starts). The applied set is re-read after the lock is taken.
 */
export async function migrate(db: Kysely<any>, migrations: readonly Migration[]): Promise<string[]> {
  const version = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)
  // Fast path: user_version counts applied migrations, so an up-to-date database costs one pragma.
  if ((version.rows[0]?.user_version ?? 0) === migrations.length) return []
  return writeTransaction(db, async (trx) => {
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(trx)
    const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(trx)
    const applied = new Set(rows.rows.map((r) => r.name))
    const ran: string[] = []
    for (const m of migrations) {
      if (applied.has(m.name)) continue
      await m.up(trx)
      await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${m.name}, ${new Date().toISOString()})`.execute(trx)
      ran.push(m.name)
    }
    await sql.raw(`PRAGMA user_version = ${migrations.length}`).execute(trx)
    return ran
  })
}
