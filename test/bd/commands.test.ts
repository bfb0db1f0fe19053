import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runCli, tempDir } from '../_support/cli.js'

let dir = ''
const env = { BEADS_ACTOR: 'tester', BEADS_DB: undefined, BEADS_DIR: undefined, NO_COLOR: '1' }
const bd = (...argv: string[]) => runCli('bd', argv, { cwd: dir, env })
const json = async (...argv: string[]) => {
  const r = await bd(...argv, '--json')
  assert.is(r.code, 0, `bd ${argv.join(' ')} failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

test.before(async () => {
  dir = join(tempDir(), 'My Project')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(dir)
  const r = await bd('init')
  assert.is(r.code, 0, r.stderr)
})

test('init makes .beads with database, JSONL and .gitignore; prefix from the folder name; twice is refused', async () => {
  assert.ok(existsSync(join(dir, '.beads', 'beads.db')))
  assert.ok(existsSync(join(dir, '.beads', 'issues.jsonl')))
  assert.match(readFileSync(join(dir, '.beads', '.gitignore'), 'utf8'), /beads\.db/)
  const again = await bd('init')
  assert.is(again.code, 1)
  assert.match(again.stderr, /already exists/)
  const created = await json('create', 'first')
  assert.match(created.id, /^my-project-[0-9a-z]{4}$/)
})

test('create prints one object; --silent prints only the id', async () => {
  const obj = await json('create', 'Object shape', '-p', 'P0', '-t', 'bug', '-l', 'a,b', '-d', 'desc')
  assert.equal(Object.keys(obj), ['id', 'title', 'description', 'status', 'priority', 'issue_type', 'labels', 'created_at', 'updated_at', 'created_by'])
  assert.is(obj.priority, 0)
  const silent = await bd('create', 'Silent one', '--silent')
  assert.is(silent.code, 0)
  assert.match(silent.stdout, /^my-project-[0-9a-z]{4}\n$/)
})

test('show, list, ready, update, close, reopen print arrays', async () => {
  const a = await json('create', 'blocker', '-p', '1')
  const b = await json('create', 'blocked', '--deps', a.id)
  const shown = await json('show', b.id)
  assert.ok(Array.isArray(shown))
  assert.equal(
    shown[0].dependencies.map((d: { id: string; dependency_type: string }) => [d.id, d.dependency_type]),
    [[a.id, 'blocks']],
  )
  assert.equal(shown[0].dependents, [])
  assert.equal(shown[0].comments, [])
  const ready = await json('ready')
  assert.ok(ready.every((r: Record<string, unknown>) => 'dependency_count' in r && 'dependent_count' in r && 'comment_count' in r))
  assert.not.ok(ready.some((r: { id: string }) => r.id === b.id))
  const blocked = await json('blocked')
  assert.equal(blocked.find((x: { id: string }) => x.id === b.id).blocked_by, [a.id])
  assert.is(blocked.find((x: { id: string }) => x.id === b.id).blocked_by_count, 1)
  const updated = await json('update', a.id, '--priority', '0')
  assert.is(updated[0].priority, 0)
  const closed = await json('close', a.id, '-r', 'done')
  assert.equal([closed[0].status, closed[0].close_reason], ['closed', 'done'])
  assert.ok((await json('ready')).some((r: { id: string }) => r.id === b.id))
  const reopened = await json('reopen', a.id)
  assert.is(reopened[0].status, 'open')
  assert.ok(Array.isArray(await json('list')))
  assert.equal(await json('ready', '--label', 'no-such-label'), [])
})

test('update --claim: compare-and-swap with "already claimed by", exit 1', async () => {
  const a = await json('create', 'claim me')
  const mine = await json('update', a.id, '--claim')
  assert.equal([mine[0].assignee, mine[0].status], ['tester', 'in_progress'])
  const other = await bd('update', a.id, '--claim', '--actor', 'someone-else', '--json')
  assert.is(other.code, 1)
  assert.is(JSON.parse(other.stdout).error.code, 'ALREADY_CLAIMED')
  assert.match(other.stderr, /already claimed by tester/)
})

test('ready --claim returns the claimed bead in an array, [] when nothing is ready', async () => {
  const fresh = join(tempDir(), 'claims')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(fresh)
  const run = (...argv: string[]) => runCli('bd', [...argv, '--json'], { cwd: fresh, env })
  await run('init')
  const a = JSON.parse((await run('create', 'only')).stdout)
  const first = JSON.parse((await run('ready', '--claim')).stdout)
  assert.equal([first[0].id, first[0].assignee], [a.id, 'tester'])
  assert.equal(JSON.parse((await run('ready', '--claim')).stdout), [])
})

test('update with no field says "No updates specified" and exits 0', async () => {
  const a = await json('create', 'untouched')
  const r = await bd('update', a.id)
  assert.is(r.code, 0)
  assert.match(r.stderr, /No updates specified/)
})

test('dep add/remove print one object; list/tree/cycles print arrays', async () => {
  const a = await json('create', 'x')
  const b = await json('create', 'y')
  assert.equal(await json('dep', 'add', b.id, a.id), { status: 'added', issue_id: b.id, depends_on_id: a.id, type: 'blocks' })
  assert.equal(
    (await json('dep', 'list', b.id)).map((d: { id: string }) => d.id),
    [a.id],
  )
  assert.equal(
    (await json('dep', 'list', a.id, '--direction', 'up')).map((d: { id: string }) => d.id),
    [b.id],
  )
  assert.equal(
    (await json('dep', 'tree', b.id)).map((n: { id: string; depth: number }) => [n.id, n.depth]),
    [
      [b.id, 0],
      [a.id, 1],
    ],
  )
  assert.equal(await json('dep', 'cycles'), [])
  assert.equal(await json('dep', 'rm', b.id, a.id), { status: 'removed', issue_id: b.id, depends_on_id: a.id, type: 'blocks' })
})

test('domain errors: exit 1, message names the value, JSON error object with code and hint', async () => {
  const cases: Array<[string[], string, RegExp]> = [
    [['create', 'x', '-p', '9'], 'INVALID_PRIORITY', /"9"/],
    [['create', 'x', '-t', 'story'], 'INVALID_TYPE', /"story"/],
    [['create', 'x', '--defer', 'someday'], 'INVALID_DATE', /"someday"/],
    [['list', '--status', 'finished'], 'INVALID_STATUS', /"finished"/],
    [['ready', '--sort', 'random'], 'INVALID_SORT', /"random"/],
    [['show', 'nope'], 'NOT_FOUND', /"nope"/],
    [['dep', 'add', 'nope', 'nada'], 'NOT_FOUND', /"nope"/],
    [['close', 'nope'], 'NOT_FOUND', /"nope"/],
  ]
  for (const [argv, code, mentions] of cases) {
    const r = await bd(...argv, '--json')
    assert.is(r.code, 1, argv.join(' '))
    const body = JSON.parse(r.stdout)
    assert.is(body.error.code, code, argv.join(' '))
    assert.match(body.error.message, mentions)
    assert.match(r.stderr, mentions)
    assert.type(body.error.hint, 'string')
  }
})

test('usage errors exit 2: unknown flag, missing argument', async () => {
  const unknown = await bd('ready', '--frobnicate', '--json')
  assert.is(unknown.code, 2)
  assert.is(JSON.parse(unknown.stdout).error.code, 'USAGE')
  assert.match(unknown.stderr, /--frobnicate/)
  const missing = await bd('show')
  assert.is(missing.code, 2)
  assert.match(missing.stderr, /Missing 1 required arg/)
  const both = await bd('create', 'a', '--title', 'b')
  assert.is(both.code, 2)
})

test('no workspace: exit 1 and the message says to run bd init', async () => {
  const r = await runCli('bd', ['ready', '--json'], { cwd: tempDir(), env })
  assert.is(r.code, 1)
  assert.is(JSON.parse(r.stdout).error.code, 'NO_WORKSPACE')
  assert.match(r.stderr, /bd init/)
})

test('workspace found by walking up, and through BEADS_DIR / --db overrides', async () => {
  const { mkdirSync } = await import('node:fs')
  const deep = join(dir, 'src', 'deep')
  mkdirSync(deep, { recursive: true })
  const fromDeep = await runCli('bd', ['list', '--json', '--limit', '0'], { cwd: deep, env })
  assert.is(fromDeep.code, 0)
  const elsewhere = tempDir()
  const viaDir = await runCli('bd', ['list', '--json', '--limit', '0'], { cwd: elsewhere, env: { ...env, BEADS_DIR: join(dir, '.beads') } })
  const viaDb = await runCli('bd', ['list', '--json', '--limit', '0', '--db', join(dir, '.beads', 'beads.db')], { cwd: elsewhere, env })
  assert.equal(JSON.parse(viaDir.stdout), JSON.parse(fromDeep.stdout))
  assert.equal(JSON.parse(viaDb.stdout), JSON.parse(fromDeep.stdout))
})

test('plan lists the first --limit beads of each wave and says how many more; --limit 0 lists all; a bad --limit is a usage error', async () => {
  const { mkdirSync } = await import('node:fs')
  const own = join(tempDir(), 'plan')
  mkdirSync(own)
  const pbd = (...argv: string[]) => runCli('bd', argv, { cwd: own, env })
  assert.is((await pbd('init', '--quiet')).code, 0)
  const ids: string[] = []
  for (let i = 0; i < 4; i++) ids.push(JSON.parse((await pbd('create', `wave one ${i}`, '--json')).stdout).id)
  await pbd('create', 'wave two', '--deps', ids[0]!, '--json')
  const text = await pbd('plan', '--limit', '2')
  assert.is(text.code, 0, text.stderr)
  assert.match(text.stdout, /^Plan: 5 beads in 2 waves/)
  assert.match(
    text.stdout,
    /Wave 1 \(4\): can start now\n {2}\S+ \[P2\] open\s+wave one 0\n {2}\S+ \[P2\] open\s+wave one 1\n {2}… 2 more \(--limit 0 lists all\)/,
  )
  assert.not.match(text.stdout, /wave one 2/)
  const all = JSON.parse((await pbd('plan', '--limit', '0', '--json')).stdout)
  assert.equal(
    all.waves.map((w: { count: number; beads: unknown[] }) => [w.count, w.beads.length]),
    [
      [4, 4],
      [1, 1],
    ],
  )
  const bad = await pbd('plan', '--limit', 'lots')
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /--limit expects a whole number of at least 0, got "lots"/)
})

test('human output: no colour when not a TTY, table headers present', async () => {
  const r = await bd('list')
  assert.is(r.code, 0)
  assert.not.match(r.stdout, /\u001b\[/)
  assert.match(r.stdout, /ID\s+P\s+TYPE\s+STATUS/)
})

test.run()
