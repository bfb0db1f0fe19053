import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnCli, tempDir } from '../_support/cli.js'

const env = { BEADS_ACTOR: 'e2e', BEADS_DB: '', BEADS_DIR: '' }

test('the built bd binary drives the agent hot path with --json', async () => {
  const dir = join(tempDir(), 'e2e')
  mkdirSync(dir)
  const bd = async (...argv: string[]) => {
    const r = await spawnCli('bd', argv, { cwd: dir, env })
    assert.is(r.code, 0, `bd ${argv.join(' ')}: ${r.stderr}`)
    return r.stdout
  }
  await bd('init', '--quiet')
  const a = JSON.parse(await bd('create', 'Set up schema', '-p', '0', '--json'))
  const b = (await bd('create', 'Write API', '--deps', a.id, '--silent')).trim()
  assert.equal(
    JSON.parse(await bd('ready', '--json')).map((i: { id: string }) => i.id),
    [a.id],
  )
  const claimed = JSON.parse(await bd('update', a.id, '--claim', '--json'))
  assert.is(claimed[0].assignee, 'e2e')
  await bd('close', a.id, '-r', 'done', '--json')
  assert.equal(
    JSON.parse(await bd('ready', '--json')).map((i: { id: string }) => i.id),
    [b],
  )
  const bad = await spawnCli('bd', ['update', b, '--priority', 'urgent', '--json'], { cwd: dir, env })
  assert.is(bad.code, 1)
  assert.is(JSON.parse(bad.stdout).error.code, 'INVALID_PRIORITY')
  const usage = await spawnCli('bd', ['ready', '--no-such-flag'], { cwd: dir, env })
  assert.is(usage.code, 2)
})

test('10+ processes creating and claiming at once: all succeed, no bead claimed twice, database intact', async () => {
  const dir = join(tempDir(), 'concurrent')
  mkdirSync(dir)
  const run = (argv: string[], actor = 'setup') => spawnCli('bd', argv, { cwd: dir, env: { ...env, BEADS_ACTOR: actor } })
  assert.is((await run(['init', '--quiet'])).code, 0)
  for (let i = 0; i < 10; i++) assert.is((await run(['create', `seed ${i}`, '--silent'])).code, 0)

  const creators = Array.from({ length: 10 }, (_, i) => run(['create', `new ${i}`, '--json'], `creator-${i}`))
  const claimers = Array.from({ length: 10 }, (_, i) => run(['ready', '--claim', '--json'], `worker-${i}`))
  const results = await Promise.all([...creators, ...claimers])
  for (const r of results) assert.is(r.code, 0, r.stderr)

  const claimed = results.slice(10).map((r) => JSON.parse(r.stdout) as Array<{ id: string; assignee: string }>)
  assert.ok(
    claimed.every((c) => c.length === 1),
    'every claimer got a bead (at least 10 were ready)',
  )
  const ids = claimed.map((c) => c[0]!.id)
  assert.is(new Set(ids).size, 10, `claimed twice: ${ids.join(' ')}`)
  const db = new Database(join(dir, '.beads', 'beads.db'), { readonly: true })
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
    assert.is((db.prepare('SELECT count(*) AS n FROM issues').get() as { n: number }).n, 20)
    const owners = db.prepare("SELECT id, assignee FROM issues WHERE status = 'in_progress'").all() as Array<{ id: string; assignee: string }>
    assert.is(owners.length, 10)
    for (const c of claimed) assert.ok(owners.some((o) => o.id === c[0]!.id && o.assignee === c[0]!.assignee))
  } finally {
    db.close()
  }
})

test.run()
