import { execFile } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { repoRoot, tempDir } from '../_support/cli.js'
import { trackerMigrations } from '../../packages/core/src/tracker/migrations.js'
import { migrate } from '../../packages/core/src/storage/migrate.js'
import { kyselyOver, openSqlite } from '../../packages/core/src/storage/open.js'
import type { TrackerSchema } from '../../packages/core/src/tracker/schema.js'

// Each process opens the same fresh file and migrates it, all at once.
const opener = `
const { openTrackerAt } = await import('./packages/core/dist/tracker/open.js')
const h = await openTrackerAt(process.argv[1], { actor: 'p' })
await h.tracker.create({ title: 'from ' + process.pid })
await h.close()
`

test('many processes opening one fresh database migrate it exactly once and all succeed', async () => {
  const path = join(tempDir(), 'fresh.db')
  const runs = Array.from(
    { length: 12 },
    () =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--input-type=module', '-e', opener, path], { cwd: repoRoot }, (err, _out, stderr) =>
          resolve({ code: err ? 1 : 0, stderr }),
        )
      }),
  )
  const results = await Promise.all(runs)
  for (const r of results) assert.is(r.code, 0, r.stderr)
  const db = new Database(path, { readonly: true })
  try {
    const applied = db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>
    assert.equal(
      applied.map((r) => r.name),
      trackerMigrations.map((m) => m.name),
    )
    assert.is(db.pragma('user_version', { simple: true }), trackerMigrations.length)
    assert.is((db.prepare('SELECT count(*) AS n FROM issues').get() as { n: number }).n, 12)
    assert.is(db.pragma('journal_mode', { simple: true }), 'wal')
  } finally {
    db.close()
  }
})

test('0002 keeps every row of a 0001 database, keys its times, and lets edges keep several types and dangle', async () => {
  const path = join(tempDir(), 'old.db')
  const raw = openSqlite(path)
  const db = kyselyOver<TrackerSchema>(raw)
  await migrate(db, trackerMigrations.slice(0, 1))
  const at = '2026-01-01T10:00:00.123Z'
  raw.exec(`INSERT INTO issues (id, title, status, priority, issue_type, created_at, updated_at, defer_until, effective_defer_until) VALUES
    ('bd-a', 'a', 'open', 1, 'task', '${at}', '${at}', NULL, NULL), ('bd-b', 'b', 'open', 2, 'task', '${at}', '${at}', '2099-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z');
    INSERT INTO dependencies (issue_id, depends_on_id, type, created_at) VALUES ('bd-b', 'bd-a', 'blocks', '${at}');
    INSERT INTO labels VALUES ('bd-a', 'x'); INSERT INTO comments (issue_id, author, text, created_at) VALUES ('bd-a', 'ann', 'hi', '${at}');`)
  await migrate(db, trackerMigrations)
  assert.equal(raw.prepare('SELECT id, created_order, effective_defer_until, line_current FROM issues ORDER BY id').all(), [
    { id: 'bd-a', created_order: '2026-01-01T10:00:00.123000000Z', effective_defer_until: null, line_current: 0 },
    { id: 'bd-b', created_order: '2026-01-01T10:00:00.123000000Z', effective_defer_until: '2099-01-01T00:00:00.000000000Z', line_current: 0 },
  ])
  assert.equal([raw.prepare('SELECT count(*) AS n FROM labels').get(), raw.prepare('SELECT count(*) AS n FROM comments').get()], [{ n: 1 }, { n: 1 }])
  raw.exec(
    `INSERT INTO dependencies (issue_id, depends_on_id, type, created_at) VALUES ('bd-b', 'bd-a', 'related', '${at}'), ('bd-b', 'external:x', 'blocks', '${at}')`,
  )
  assert.is((raw.prepare('SELECT count(*) AS n FROM dependencies').get() as { n: number }).n, 3)
  assert.equal(raw.pragma('foreign_key_check'), [])
  await db.destroy()
})

test.run()
