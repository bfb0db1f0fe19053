// Migrates fresh in-memory databases and dumps their schema: shared by scripts/schema.mjs and its test.
import { migrate } from '@beadwork/core/storage/migrate'
import { kyselyOver, openSqlite } from '@beadwork/core/storage/open'
import { dumpSchema } from '@beadwork/core/storage/schema-dump'
import { trackerMigrations } from '@beadwork/core/tracker/migrations'
import { wtMigrations } from '@beadwork/core/workers/state'

async function snapshot(migrations) {
  const raw = openSqlite(':memory:')
  const db = kyselyOver(raw)
  await migrate(db, migrations)
  const sql = dumpSchema(raw)
  await db.destroy()
  return sql
}

/** file name under db/ → schema SQL */
export async function schemaSnapshots() {
  return { 'schema.sql': await snapshot(trackerMigrations), 'wt-schema.sql': await snapshot(wtMigrations()) }
}
