// Migrations on PostgreSQL run once, under the workspace's advisory lock, however many processes
// open a fresh workspace at once (the stock Kysely Migrator raced on SQLite: 7/18 starts failed).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { migrate } from '../../packages/core/src/storage/migrate.js'
import { createSchema, openPostgres } from '../../packages/core/src/storage/postgres.js'
import { parseDatabaseUrl } from '../../packages/core/src/storage/postgres-url.js'
import { trackerMigrations } from '../../packages/core/src/tracker/migrations.js'
import { startCluster, type TestCluster } from '../_support/postgres.js'

let cluster: TestCluster

test.before(async () => {
  cluster = await startCluster()
})

test.after(async () => {
  await cluster.destroy()
})

test('eight connections migrating one fresh schema at once: every migration runs exactly once, all succeed', async () => {
  const target = parseDatabaseUrl(cluster.url('fresh'))
  const dbs = Array.from({ length: 8 }, () => openPostgres(target))
  try {
    await createSchema(dbs[0]!, 'fresh')
    const ran = await Promise.all(dbs.map((db) => migrate(db, trackerMigrations)))
    assert.equal(ran.flat().sort(), trackerMigrations.map((m) => m.name).sort(), 'each migration ran once, in one of them')
    assert.is(cluster.psql('SELECT count(*) FROM fresh.schema_migrations'), String(trackerMigrations.length))
    assert.equal(await migrate(dbs[3]!, trackerMigrations), [], 'an up-to-date schema runs nothing')
  } finally {
    await Promise.all(dbs.map((db) => db.destroy()))
  }
})

test('a bad database URL or schema name is refused naming the value, without the password', () => {
  for (const [url, shown] of [
    ['mysql://u:hunter2@h/db', 'mysql://u@h/db'],
    ['postgres://u:hunter2@h/db?schema=Bad-Name', 'Bad-Name'],
  ] as const) {
    try {
      parseDatabaseUrl(url)
      assert.unreachable(url)
    } catch (e) {
      const message = (e as Error).message
      assert.ok(message.includes(shown), message)
      assert.not.ok(message.includes('hunter2'), message)
    }
  }
  const t = parseDatabaseUrl('postgres://bd:hunter2@db.internal:6432/beads?schema=api')
  assert.equal([t.host, t.port, t.database, t.schema], ['db.internal', '6432', 'beads', 'api'])
  assert.is(t.shown, 'postgres://bd@db.internal:6432/beads?schema=api')
})

test.run()
