// Migrates fresh in-memory databases and dumps their schema: shared by scripts/schema.mjs and its test.
import { migrate } from '../../packages/core/dist/storage/migrate.js'
import { kyselyOver, openSqlite } from '../../packages/core/dist/storage/open.js'
import { dumpSchema } from '../../packages/core/dist/storage/schema-dump.js'
import { trackerMigrations } from '../../packages/core/dist/tracker/migrations.js'
import { wtMigrations } from '../../packages/core/dist/workers/state.js'

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
