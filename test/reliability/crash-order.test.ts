// kill -9 at random points of a write: after the next command the database and .beads/issues.jsonl
// agree and no temp file is left (the database commits first, the file follows; a dirty mark and the
// temp file let the next command finish a rename the kill interrupted).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bd, bdSpawn, removeDir, seededWorkspace } from '../_support/bd-process.js'

const BEADS = 3000
const ROUNDS = 14
const dirs: string[] = []
test.after(() => dirs.forEach(removeDir))

const line = (i: number) =>
  JSON.stringify({
    id: `ws-${String(i).padStart(5, '0')}`,
    title: `seeded ${i} ${'x'.repeat(200)}`,
    status: 'open',
    priority: 2,
    issue_type: 'task',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  })

const temps = (dir: string) => readdirSync(join(dir, '.beads')).filter((n) => n.endsWith('.tmp'))

test(`kill -9 during ${ROUNDS} writes at random points: the next command leaves the file equal to the database, no temp files`, async () => {
  const ws = await seededWorkspace('crash-order', async (t) => {
    await t.importJsonl(Array.from({ length: BEADS }, (_, i) => line(i)).join('\n') + '\n')
  })
  dirs.push(ws.dir)
  const jsonl = join(ws.dir, '.beads/issues.jsonl')
  const started = Date.now()
  assert.is((await bd(['close', 'ws-00000'], { cwd: ws.dir })).code, 0)
  const span = Date.now() - started
  const seen = { before_any_change: 0, temp_left: 0, completed: 0 }
  for (let round = 1; round <= ROUNDS; round++) {
    const id = `ws-${String(round).padStart(5, '0')}`
    const ops = [
      ['close', id, '-r', 'killed?'],
      ['update', id, '--claim'],
      ['create', `made in round ${round}`],
      ['label', 'add', id, 'crash'],
    ]
    const before = readFileSync(jsonl, 'utf8')
    const child = bdSpawn(ops[round % ops.length]!, ws.dir)
    const exited = new Promise((r) => child.on('exit', r))
    await new Promise((r) => setTimeout(r, Math.random() * span * 1.1))
    child.kill('SIGKILL')
    await exited
    if (temps(ws.dir).length) seen.temp_left++
    else if (readFileSync(jsonl, 'utf8') === before) seen.before_any_change++
    else seen.completed++
    // The next command, a read: it finishes or drops what the kill left.
    const next = await bd(['list', '--json', '--limit', '1'], { cwd: ws.dir })
    assert.is(next.code, 0, next.stderr)
    assert.equal(temps(ws.dir), [], `round ${round}: temp files left`)
    const exported = await bd(['export'], { cwd: ws.dir })
    assert.is(readFileSync(jsonl, 'utf8'), exported.stdout, `round ${round}: the file and the database disagree`)
    const doctor = await bd(['doctor', '--json'], { cwd: ws.dir })
    assert.ok(
      JSON.parse(doctor.stdout).checks.every((c: { status: string }) => c.status !== 'error'),
      doctor.stdout,
    )
  }
  console.log(`  crash loop (${ROUNDS} kills over a ${span} ms write, ${BEADS} beads): ${JSON.stringify(seen)}`)
})

test('doctor reports a temp file a killed command left, and --fix removes it', async () => {
  const ws = await seededWorkspace('crash-doctor', async (t) => {
    await t.create({ title: 'one' })
  })
  dirs.push(ws.dir)
  const stale = join(ws.dir, '.beads', '.issues.jsonl.999999.1700000000000.tmp')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(stale, 'half a file')
  const report = JSON.parse((await bd(['doctor', '--json'], { cwd: ws.dir })).stdout)
  const check = report.checks.find((c: { name: string }) => c.name === 'temp_files')
  assert.is(check.status, 'warning')
  assert.match(check.message, /\.issues\.jsonl\.999999\.1700000000000\.tmp/)
  assert.equal(temps(ws.dir).length, 1, 'doctor without --fix changes nothing')
  const fixed = JSON.parse((await bd(['doctor', '--fix', '--json'], { cwd: ws.dir })).stdout)
  assert.ok(fixed.fixed.some((f: string) => /temp file/.test(f)))
  assert.equal(temps(ws.dir), [])
})

test.run()
