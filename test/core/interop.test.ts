import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { rawMembers } from '../../packages/core/src/tracker/jsonl/raw-object.js'
import { commonPrefix, validatePrefix } from '../../packages/core/src/tracker/ids.js'
import { inferPrefix, openTracker } from '../../packages/core/src/tracker/open.js'
import { timeKey } from '../../packages/core/src/tracker/time-key.js'
import { memoryTracker } from '../_support/tracker.js'

// Real beads files in the shapes other tools write (db/fixtures/interop): Go bd's compact export
// (gastown ids, hooked/pinned statuses, wisps, agent beads, unknown fields, edge types and values,
// dangling edges, a tombstone, microsecond times with offsets), the spaced Dolt-era export with an
// underscore prefix, and what git's union merge leaves (both sides' lines of an id, either order).
const fixture = (name: string) => readFileSync(new URL(`../../db/fixtures/interop/${name}`, import.meta.url), 'utf8')
const lines = (text: string) => text.trimEnd().split('\n')
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id)
const dirs: string[] = []
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A fresh clone: `.beads/issues.jsonl` and nothing else (no database, no config.yaml). */
function clone(file: string): { dir: string; jsonl: string; open: () => ReturnType<typeof openTracker> } {
  const dir = mkdtempSync(join(tmpdir(), 'bd-interop-'))
  dirs.push(dir)
  mkdirSync(join(dir, '.beads'))
  const jsonl = join(dir, '.beads/issues.jsonl')
  writeFileSync(jsonl, fixture(file))
  return { dir, jsonl, open: () => openTracker({ cwd: dir, actor: 'tester', env: {} }) }
}

for (const file of ['go-compact.jsonl', 'dolt-spaced.jsonl']) {
  test(`${file}: import then export gives the file back byte for byte; a second import changes nothing`, async () => {
    const { tracker } = await memoryTracker()
    const first = await tracker.importJsonl(fixture(file))
    assert.is(first.created, lines(fixture(file)).length)
    assert.equal(first.warnings, [])
    assert.is(await tracker.exportJsonl(), fixture(file))
    const again = await tracker.importJsonl(fixture(file))
    assert.equal([again.created, again.updated, again.unchanged], [0, 0, lines(fixture(file)).length])
  })
}

test('union-merged duplicates: the later updated_at wins at full precision, tombstone or not, in either line order', async () => {
  const merged = lines(fixture('union-merged.jsonl'))
  const winners = [merged[1], merged[2], merged[5], merged[6]].join('\n') + '\n'
  for (const order of ['as merged', 'reversed']) {
    const { tracker } = await memoryTracker()
    const content = (order === 'reversed' ? [...merged].reverse() : merged).join('\n')
    const s = await tracker.importJsonl(content)
    assert.equal([s.created, s.tombstones], [4, 3], order)
    // The deleted beads stay deleted, invisible everywhere; the restored one is back.
    assert.equal(ids(await tracker.list({ all: true })), ['gt-u4', 'gt-u3'], order)
    assert.equal(ids(await tracker.ready()), ['gt-u4', 'gt-u3'], order)
    for (const gone of ['gt-u1', 'gt-u2']) {
      try {
        await tracker.show([gone])
        assert.unreachable()
      } catch (e) {
        assert.is((e as Error).message, `${gone} was deleted`)
      }
    }
    // 01:00-08:00 is later than 08:30Z, although it sorts first as text.
    assert.is((await tracker.show(['gt-u4']))[0]!.notes, 'west coast edit', order)
    assert.is(await tracker.exportJsonl(), winners, order)
    const again = await tracker.importJsonl(content)
    assert.equal([again.created, again.updated], [0, 0], order)
  }
  // The same line twice (both sides kept it) is one bead, without a warning.
  const twice = await (await memoryTracker()).tracker.importJsonl(`${merged[6]}\n${merged[6]}\n`)
  assert.equal([twice.created, twice.warnings], [1, []])
})

test('ready: pinned, ephemeral and non-work beads are left out; hooked blocks; dangling and closed targets never block; full-precision order', async () => {
  const { tracker, clock } = await memoryTracker({ prefix: 'gt' })
  await tracker.importJsonl(fixture('go-compact.jsonl'))
  // P1 first: 17:59:59.999999Z is earlier than 10:00:00.000001-08:00, which is earlier than .000002-08:00.
  assert.equal(ids(await tracker.ready()), ['gt-c3d', 'gt-a1b.1', 'gt-a1b', 'gt-e5f', 'gt-k1l', 'gt-p3q', 'gt-mx9'])
  const blocked = await tracker.blocked()
  assert.equal(
    blocked.map((b) => [b.id, b.blocked_by]),
    [['gt-d4e', ['gt-b2c']]],
  )
  const [waits, dangling] = await tracker.show(['gt-d4e', 'gt-e5f'])
  assert.equal(waits!.dependencies.map((d) => [d.id, d.dependency_type]).sort(), [
    ['gt-b2c', 'blocks'],
    ['gt-b2c', 'related'],
  ])
  assert.equal(dangling!.missing_dependencies, [
    { depends_on_id: 'external:beads:bd-123', dependency_type: 'blocks', reason: 'missing' },
    { depends_on_id: 'gt-t0m', dependency_type: 'blocks', reason: 'deleted' },
    { depends_on_id: 'gt-zzz', dependency_type: 'blocks', reason: 'missing' },
  ])
  // Agent ids resolve by any unique part after the prefix, underscores included.
  await tracker.importJsonl(
    '{"id":"gt-gastown_ui-crew-avyukth","title":"Crew","status":"open","priority":2,"issue_type":"agent","created_at":"2026-01-08T23:46:22.887253+05:30","updated_at":"2026-01-08T23:46:22.887253+05:30"}',
  )
  assert.equal(ids(await tracker.show(['polecat-nux', 'gastown_ui-crew'])), ['gt-gastown-polecat-nux', 'gt-gastown_ui-crew-avyukth'])
  // Unknown values are stored as they are.
  const shown = await tracker.show(['gt-b2c', 'gt-g7h', 'gt-mx6', 'gt-p3q'])
  assert.equal(
    shown.map((i) => [i.status, i.issue_type]),
    [
      ['hooked', 'task'],
      ['pinned', 'task'],
      ['open', 'merge-request'],
      ['open', 'task'],
    ],
  )
  assert.equal(shown[3]!.dependencies.map((d) => d.dependency_type).sort(), ['blocked-by', 'relates-to', 'supersedes', 'tracks'])
  // stale compares the moment a time names: 2026-01-05T11:00:00.5-08:00 is after 2026-01-05T18:00:00Z.
  clock.advance(60 * 86_400_000)
  const stale = ids(await tracker.stale(30, { limit: 0 }))
  assert.ok(stale.includes('gt-c3d') && stale.indexOf('gt-c3d') < stale.indexOf('gt-b2c'), stale.join(' '))
  // Filters find them; writes still refuse them.
  assert.equal(ids(await tracker.list({ status: ['hooked'] })), ['gt-b2c'])
  assert.equal(ids(await tracker.list({ issue_type: ['agent'] })), ['gt-gastown-polecat-nux', 'gt-gastown_ui-crew-avyukth'])
  // Closing the hooked blocker frees its dependent; `bd create` still validates what we write.
  await tracker.close(['gt-b2c'])
  assert.ok(ids(await tracker.ready()).includes('gt-d4e'))
  try {
    await tracker.create({ title: 'x', issue_type: 'agent' })
    assert.unreachable()
  } catch (e) {
    assert.is((e as { code: string }).code, 'INVALID_TYPE')
  }
})

test('a fresh clone: one write leaves every other line byte-identical and renders the changed one in place', async () => {
  const original = fixture('go-compact.jsonl')
  const { dir, jsonl, open } = clone('go-compact.jsonl')
  const h = await open()
  assert.is(h.tracker.prefix, 'gt')
  assert.ok(existsSync(join(dir, '.beads/.gitignore')))
  assert.match(readFileSync(join(dir, '.beads/.gitignore'), 'utf8'), /^beads\.db$/m)
  await h.tracker.update(['gt-p3q'], { append_notes: 'x' })
  const after = lines(readFileSync(jsonl, 'utf8'))
  const before = lines(original)
  assert.is(after.length, before.length)
  const at = before.findIndex((l) => l.startsWith('{"id":"gt-p3q"'))
  for (let i = 0; i < before.length; i++) if (i !== at) assert.is(after[i], before[i], `line ${i + 1}`)
  // The changed line: notes added in Go's order, everything else as it was, edges and comments verbatim.
  const keysBefore = rawMembers(before[at]!).map((m) => m.key)
  const changed = rawMembers(after[at]!)
  assert.equal(
    changed.map((m) => m.key),
    [...keysBefore.slice(0, 2), 'notes', ...keysBefore.slice(2)],
  )
  const value = (members: typeof changed, key: string) => members.find((m) => m.key === key)!.value
  assert.is(value(changed, 'dependencies'), value(rawMembers(before[at]!), 'dependencies'))
  assert.is(value(changed, 'comments'), value(rawMembers(before[at]!), 'comments'))
  assert.is(value(changed, 'created_at'), '"2026-01-08T09:00:00Z"')
  // A new bead gets the prefix the file's ids share; a deletion writes a tombstone line.
  const made = await h.tracker.create({ title: 'new work' })
  assert.match(made.id, /^gt-[0-9a-z]+$/)
  await h.tracker.delete(['gt-k1l'], { force: true })
  const tomb = JSON.parse(lines(readFileSync(jsonl, 'utf8')).find((l) => l.startsWith('{"id":"gt-k1l"'))!)
  assert.equal([tomb.status, tomb.deleted_by, tomb.dependencies.length], ['tombstone', 'tester', 1])
  await h.close()
  // The next command on the same file imports nothing.
  const h2 = await open()
  assert.is(h2.synced, undefined)
  await h2.close()
})

test('after a merge: a newer tombstone line deletes the bead here; an older live line does not bring back a bead deleted here', async () => {
  const { jsonl, open } = clone('go-compact.jsonl')
  let h = await open()
  await h.tracker.delete(['gt-mx9'], { force: true })
  await h.close()
  const file = readFileSync(jsonl, 'utf8')
  const live = (id: string) => lines(fixture('go-compact.jsonl')).find((l) => l.startsWith(`{"id":"${id}"`))!
  // Someone else deleted gt-k1l later than its line here; and their side still has gt-mx9 alive (older).
  const tomb = live('gt-k1l')
    .replace('"status":"open"', '"status":"tombstone"')
    .replace('"updated_at":"2026-01-07T09:00:00Z"', '"updated_at":"2026-02-01T00:00:00.000001Z","deleted_at":"2026-02-01T00:00:00.000001Z"')
  writeFileSync(jsonl, file.replace(live('gt-k1l') + '\n', `${live('gt-k1l')}\n${tomb}\n`).replace(/(\{"id":"gt-mx9".*\n)/, `${live('gt-mx9')}\n$1`))
  h = await open()
  const ready = ids(await h.tracker.ready())
  assert.not.ok(ready.includes('gt-k1l'))
  assert.not.ok(ready.includes('gt-mx9'))
  assert.equal([h.synced?.updated, h.synced?.unchanged], [1, 22])
  // The next write collapses each id to its winning line.
  await h.tracker.update(['gt-c3d'], { append_notes: 'x' })
  const after = lines(readFileSync(jsonl, 'utf8'))
  assert.equal(
    after.filter((l) => l.startsWith('{"id":"gt-k1l"')),
    [tomb],
  )
  assert.equal(
    after.filter((l) => l.startsWith('{"id":"gt-mx9"')).map((l) => JSON.parse(l).status),
    ['tombstone'],
  )
  await h.close()
})

test('the spaced Dolt-era export keeps its spacing, explicit empties and unknown fields when a bead changes', async () => {
  const original = fixture('dolt-spaced.jsonl')
  const { jsonl, open } = clone('dolt-spaced.jsonl')
  const h = await open()
  assert.is(h.tracker.prefix, 'git_safety_guard')
  await h.tracker.update(['git_safety_guard-1x2'], { title: 'Refuse force-push to main and release branches' })
  const after = lines(readFileSync(jsonl, 'utf8'))
  const before = lines(original)
  assert.equal(after.slice(1), before.slice(1))
  assert.is(
    after[0]!,
    before[0]!
      .replace('"Refuse force-push to main"', '"Refuse force-push to main and release branches"')
      .replace(/"updated_at": "[^"]+"/, `"updated_at": "${JSON.parse(after[0]!).updated_at}"`),
  )
  assert.match(after[0]!, /^\{"id": "git_safety_guard-1x2", "title": /)
  // Non-ASCII stays escaped as that export writes it; `<`, `>`, `&` stay as they are.
  await h.tracker.update(['git_safety_guard-2mw'], { append_notes: '\u2192 done' })
  const edited = lines(readFileSync(jsonl, 'utf8'))[2]!
  const updatedAt = JSON.parse(edited).updated_at
  assert.is(edited, before[2]!.replace('"status": ', '"notes": "\\u2192 done", "status": ').replace(/"updated_at": "[^"]+"/, `"updated_at": "${updatedAt}"`))
  const made = await h.tracker.create({ title: 'new' })
  assert.match(made.id, /^git_safety_guard-/)
  // Ids resolve partially as ever (a unique part of what follows the prefix).
  assert.equal(ids(await h.tracker.show(['3kq', 'git_safety_guard-2mw'])), ['git_safety_guard-3kq', 'git_safety_guard-2mw'])
  await h.close()
})

test('a clone that has its own .beads/.gitignore keeps it when it already covers the database, else gains only what it lacks', async () => {
  const covered = '# SQLite databases\n*.db\n*.db?*\n*.db-wal\n*.db-shm\ndaemon.lock\n'
  const a = clone('dolt-spaced.jsonl')
  writeFileSync(join(a.dir, '.beads/.gitignore'), covered)
  await (await a.open()).close()
  assert.is(readFileSync(join(a.dir, '.beads/.gitignore'), 'utf8'), covered)
  const b = clone('dolt-spaced.jsonl')
  writeFileSync(join(b.dir, '.beads/.gitignore'), 'daemon.lock')
  await (await b.open()).close()
  assert.is(readFileSync(join(b.dir, '.beads/.gitignore'), 'utf8'), 'daemon.lock\nbeads.db\nbeads.db-wal\nbeads.db-shm\n')
})

test('prefixes: underscores accepted; the prefix most ids share, over the whole file, whatever the spacing', () => {
  assert.is(validatePrefix('git_safety_guard'), 'git_safety_guard')
  assert.is(commonPrefix(['gt-a1b', 'gt-a1b.1', 'gt-gastown-polecat-nux', 'gt-c3d', 'hq-x1']), 'gt')
  assert.is(commonPrefix(['my-app-a1b2', 'my-app-c3d4.2']), 'my-app')
  const dir = mkdtempSync(join(tmpdir(), 'bd-prefix-'))
  dirs.push(dir)
  mkdirSync(join(dir, '.beads'))
  // 300 KB of one prefix first, then more ids of another: the whole file decides.
  const line = (id: string) => JSON.stringify({ id, title: 'x'.repeat(1000) }).replace('{"id":', '{"id": ')
  const content = [...Array.from({ length: 300 }, (_, i) => line(`aa-${i}`)), ...Array.from({ length: 301 }, (_, i) => line(`zz_top-${i}`))].join('\n')
  writeFileSync(join(dir, '.beads/issues.jsonl'), content)
  assert.is(inferPrefix(join(dir, '.beads/issues.jsonl'), join(dir, '.beads')), 'zz_top')
  writeFileSync(join(dir, '.beads/config.yaml'), 'issue-prefix: "git_safety_guard"\n')
  assert.is(inferPrefix(join(dir, '.beads/issues.jsonl'), join(dir, '.beads')), 'git_safety_guard')
})

test('a changed bead keeps the order its line gave labels, edges and comments; new ones follow', async () => {
  const { tracker } = await memoryTracker({ prefix: 'gt' })
  await tracker.importJsonl(fixture('go-compact.jsonl'))
  // Edges listed by target, not by time (as the Dolt-era export does); labels not sorted.
  const line =
    '{"id":"gt-z9","title":"z","status":"open","priority":2,"issue_type":"task","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","labels":["zeta","alpha"],"dependencies":[{"issue_id":"gt-z9","depends_on_id":"gt-a1b","type":"related","created_at":"2026-01-03T00:00:00Z"},{"issue_id":"gt-z9","depends_on_id":"gt-c3d","type":"related","created_at":"2026-01-02T00:00:00Z"}]}'
  await tracker.importJsonl(line)
  await tracker.update(['gt-z9'], { add_labels: ['mid'] })
  await tracker.addDependency('gt-z9', 'gt-k1l', 'related')
  const out = rawMembers(lines(await tracker.exportJsonl()).find((l) => l.startsWith('{"id":"gt-z9"'))!)
  const value = (key: string) => out.find((m) => m.key === key)!.value
  assert.is(value('labels'), '["zeta","alpha","mid"]')
  assert.match(
    value('dependencies'),
    /^\[\{"issue_id":"gt-z9","depends_on_id":"gt-a1b".*\},\{"issue_id":"gt-z9","depends_on_id":"gt-c3d".*\},\{"issue_id":"gt-z9","depends_on_id":"gt-k1l","type":"related","created_at":"[^"]+","created_by":"tester"\}\]$/,
  )
})

test('a time that is not one refuses the file, naming the line, the field and the value; nothing is imported', async () => {
  const { tracker } = await memoryTracker()
  const good = lines(fixture('go-compact.jsonl'))[0]!
  const bad =
    '{"id":"gt-bad","title":"x","status":"open","priority":2,"issue_type":"task","created_at":"2026-02-30T00:00:00Z","updated_at":"2026-02-01T00:00:00Z"}'
  try {
    await tracker.importJsonl(`${good}\n${bad}\n`)
    assert.unreachable()
  } catch (e) {
    assert.is((e as Error).message, 'line 2: invalid created_at: "2026-02-30T00:00:00Z"')
  }
  assert.equal(await tracker.list({ all: true }), [])
})

test('time keys order any offset and fraction at full precision', () => {
  const texts = ['2026-01-05T10:00:00.000002-08:00', '2026-01-05T17:59:59.999999Z', '2026-01-05T10:00:00.000001-08:00', '2026-01-05T18:00:00Z']
  const sorted = [...texts].sort((a, b) => (timeKey(a)! < timeKey(b)! ? -1 : 1))
  assert.equal(sorted, ['2026-01-05T17:59:59.999999Z', '2026-01-05T18:00:00Z', '2026-01-05T10:00:00.000001-08:00', '2026-01-05T10:00:00.000002-08:00'])
  assert.is(timeKey('2026-01-02T11:04:52.804781-08:00'), '2026-01-02T19:04:52.804781000Z')
  assert.is(timeKey('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000000000Z')
  assert.is(timeKey('yesterday'), undefined)
})

test.run()
