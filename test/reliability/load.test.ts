// 40 agents writing one workspace at once (issue 15): none may fail, and everything they were told
// succeeded must be in the database. The same load, longer and on 20k beads, is a row of `npm run bench`.
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { generateWorkspace } from '../../bench/generate.mjs'
// @ts-expect-error plain ESM modules without types
import { runLoad } from '../../bench/load.mjs'
import { bdEnv, removeDir, tempDir } from '../_support/bd-process.js'

interface Op {
  ok: boolean
  argv: string[]
  out: string
  err: string
}

const PROCESSES = 40
const SECONDS = Number(process.env.LOAD_SECONDS) || 8
let dir = ''
test.after(() => removeDir(dir))

// SQLite's own wait cut to 50 ms, so every contended write goes through bd's retry of the lock
// (with the 10 s default a short run may never reach the point where SQLite gives up).
test(`${PROCESSES} writer processes for ${SECONDS} s on a 2k-bead workspace: 0 failures, every acknowledged write landed`, async () => {
  dir = tempDir('load')
  const ws = await generateWorkspace(dir, 2000)
  const load = await runLoad({ dir, processes: PROCESSES, seconds: SECONDS, env: bdEnv({ BEADS_BUSY_TIMEOUT_MS: '50' }) })
  const runs = load.runs as Op[]
  assert.equal(load.errors, [], `no op fails (p95 ${load.p95_ms} ms over ${load.ops} ops)`)
  assert.is(load.failed, 0)
  assert.ok(load.ops >= PROCESSES, `every process got through at least one op (${load.ops})`)

  const raw = new Database(ws.database, { readonly: true })
  try {
    const bead = raw.prepare(`SELECT status, assignee, close_reason FROM issues WHERE id = ?`)
    const label = raw.prepare(`SELECT 1 FROM labels WHERE issue_id = ? AND label = ?`)
    const actor = (r: Op) => r.argv[r.argv.indexOf('--actor') + 1]!
    const created = runs.filter((r) => r.argv[0] === 'create').map((r) => r.out)
    for (const id of created) assert.ok(bead.get(id), `${id}, acknowledged as created, exists`)
    for (const r of runs.filter((r) => r.argv[0] === 'update' && r.argv[2] === '--add-label')) {
      assert.ok(label.get(r.argv[1], actor(r)), `${r.argv[1]} has the label ${actor(r)} was told it added`)
    }
    for (const r of runs.filter((r) => r.argv[0] === 'close')) {
      assert.equal(bead.get(r.argv[1]), { status: 'closed', assignee: actor(r), close_reason: `done by ${actor(r)}` }, `${r.argv[1]} closed as acknowledged`)
    }
    assert.is((raw.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check, 'ok')
  } finally {
    raw.close()
  }
})

test.run()
