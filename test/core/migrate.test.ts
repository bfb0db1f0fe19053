import { execFile } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { repoRoot, tempDir } from '../_support/cli.js'
import { trackerMigrations } from '../../packages/core/src/tracker/migrations.js'

// Each process opens the same fresh file and migrates it, all at once.
const opener = `
const { openTrackerAt } = await import('@beadwork/core/tracker/open')
const h = await openTrackerAt(process.argv[1], { actor: 'p' })
await h.tracker.create({ title: 'from ' + process.pid })
await h.close()
`

test('many processes opening one fresh database migrate it exactly once and all succeed', async () => {
  const path = join(tempDir(), 'fresh.db')
  const runs = Array.from({ length: 12 }, () =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', opener, path], { cwd: repoRoot }, (err, _out, stderr) => resolve({ code: err ? 1 : 0, stderr }))
    }),
  )
  const results = await Promise.all(runs)
  for (const r of results) assert.is(r.code, 0, r.stderr)
  const db = new Database(path, { readonly: true })
  try {
    const applied = db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>
    assert.equal(applied.map((r) => r.name), trackerMigrations.map((m) => m.name))
    assert.is(db.pragma('user_version', { simple: true }), trackerMigrations.length)
    assert.is((db.prepare('SELECT count(*) AS n FROM issues').get() as { n: number }).n, 12)
    assert.is(db.pragma('journal_mode', { simple: true }), 'wal')
  } finally {
    db.close()
  }
})

test.run()
