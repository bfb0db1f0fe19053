// Bead ids that git would read as options (issue 15): a bead `-d` once made `wt new --ready` run
// `git worktree add -b -d … develop`, which deleted the branch develop, and aborted the whole fill.
// Such ids come from databases written before import refused them; here they are put in directly.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { gitIn, sandbox, type Sandbox } from '../_support/wt.js'

const HOSTILE = ['-d', '--help', '-rf']
let sb: Sandbox
test.before(async () => {
  sb = await sandbox('ids')
  gitIn(sb.repo, 'branch', 'develop')
  const pool = await sb.pool()
  pool.config.set('base_branch', 'develop', 'demo')
  await pool.close()
  const raw = new Database(join(sb.repo, '.beads', 'beads.db'))
  const now = new Date().toISOString()
  for (const id of HOSTILE)
    raw
      .prepare(`INSERT INTO issues (id, title, status, priority, issue_type, created_at, updated_at) VALUES (?, ?, 'open', 0, 'task', ?, ?)`)
      .run(id, `bead ${id}`, now, now)
  raw.close()
})
test.after(() => sb.cleanup())

const branches = () => gitIn(sb.repo, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort()

test('wt new --ready skips beads whose id git would read as an option, names them, spawns the rest; develop survives', async () => {
  const fine = await sb.bead({ title: 'An ordinary bead', priority: 1 })
  const r = await sb.wt(['new', '--ready', '--max', '4', '--json'])
  assert.is(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { spawned: Array<{ bead: string; name: string }>; skipped: Array<{ bead: string; reason: string }> }
  assert.equal(
    out.spawned.map((w) => w.bead),
    [fine.id],
  )
  assert.equal(out.skipped.map((s) => s.bead).sort(), [...HOSTILE].sort())
  for (const s of out.skipped) assert.ok(s.reason.includes(JSON.stringify(s.bead)), `the reason names ${s.bead}: ${s.reason}`)
  assert.equal(branches(), ['develop', fine.id, 'main'].sort())
  for (const id of HOSTILE) assert.equal([(await sb.issue(id)).status, (await sb.issue(id)).assignee], ['open', undefined], `${id} left unclaimed`)
  for (const w of out.spawned) assert.is((await sb.wt(['kill', w.name, '--force'])).code, 0)
})

test('wt new <id> with such an id is refused naming it; nothing changes', async () => {
  for (const id of HOSTILE) {
    const r = await sb.wt(['new', '--no-switch', '--', id])
    assert.is(r.code, 1, `wt new -- ${id}: ${r.stdout}${r.stderr}`)
    assert.ok(r.stderr.includes(JSON.stringify(id)), `the error names ${id}: ${r.stderr}`)
  }
  assert.ok(branches().includes('develop') && branches().includes('main'), 'develop and main are still there')
  for (const id of HOSTILE) assert.not.ok(branches().includes(id), `no branch ${id}`)
  assert.equal(sb.sessions(), [])
  const list = JSON.parse((await sb.wt(['list', '--json'])).stdout)
  assert.equal(list, [])
})

test.run()
