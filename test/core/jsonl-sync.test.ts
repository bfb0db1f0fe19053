import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { exportJsonl, sha256 } from '../../packages/core/src/tracker/jsonl/export.js'
import { recorded, syncFromJsonl } from '../../packages/core/src/tracker/jsonl/sync.js'
import { initWorkspace, openTracker, type TrackerHandle } from '../../packages/core/src/tracker/open.js'

// A real workspace on disk: every write re-exports .beads/issues.jsonl; a changed file is imported.
const dirs: string[] = []
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

async function workspace(): Promise<{ dir: string; open: () => Promise<TrackerHandle>; jsonl: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bd-jsonl-sync-'))
  dirs.push(dir)
  await initWorkspace(dir, { prefix: 'ws' })
  return { dir, jsonl: join(dir, '.beads/issues.jsonl'), open: () => openTracker({ cwd: dir, actor: 'tester', env: {} }) }
}

test('every kind of mutation leaves the JSONL equal to a full export (lines patched incrementally)', async () => {
  const { open, jsonl } = await workspace()
  const h = await open()
  const t = h.tracker
  const check = async (what: string) => assert.is(readFileSync(jsonl, 'utf8'), await exportJsonl(t.db), what)
  const a = await t.create({ title: 'a', labels: ['x'] })
  await check('create')
  assert.ok((await recorded(t.db)).event !== undefined, 'incremental marker recorded')
  const b = await t.create({ title: 'b', deps: [`blocks:${a.id}`] })
  await check('create with blocks:')
  const c = await t.create({ title: 'c', parent: a.id })
  await t.update([a.id], { title: 'a2', add_labels: ['y'], remove_labels: ['x'] })
  await check('update')
  await t.addLabel([c.id], 'z')
  await t.removeLabel([c.id], 'z')
  await t.addDependency(c.id, b.id)
  await check('labels and deps')
  await t.removeDependency(c.id, b.id)
  await t.addComment(c.id, 'hello <world>')
  await t.claim(c.id)
  await check('comment and claim')
  await t.close([b.id])
  await t.reopen([b.id])
  await check('close and reopen')
  await t.delete([b.id], { force: true })
  await check('delete with a dependent')
  // A deleted bead stays in the file as a tombstone, so other clones learn of the deletion.
  const tomb = JSON.parse(
    readFileSync(jsonl, 'utf8')
      .split('\n')
      .find((l) => l.includes(`"id":"${b.id}"`))!,
  )
  assert.equal([tomb.status, typeof tomb.deleted_at], ['tombstone', 'string'])
  await h.close()
})

test('patching many lines at once: inserts before the first line, between lines and after the last, replacements and deletions in one write', async () => {
  const { open, jsonl } = await workspace()
  const h = await open()
  const t = h.tracker
  const ids: string[] = []
  for (let i = 0; i < 40; i++) ids.push((await t.create({ id: `ws-m${String(i).padStart(2, '0')}`, title: `bead ${i}` })).id)
  const check = async (what: string) => {
    const file = readFileSync(jsonl, 'utf8')
    assert.is(file, await exportJsonl(t.db), what)
    assert.is((await recorded(t.db)).hash, sha256(file), `${what}: recorded hash is the file's`)
  }
  await check('setup')
  await t.create({ id: 'ws-a00', title: 'before the first line' })
  await t.create({ id: 'ws-zzz', title: 'after the last line' })
  await t.create({ id: 'ws-m05x', title: 'between two lines' })
  await check('single inserts')
  // One transaction touching many lines: children land between their parent and the next line.
  await t.update([ids[0]!, ids[7]!, ids[39]!], { title: 'renamed' })
  await t.delete([ids[1]!, ids[2]!, 'ws-zzz'], { force: true })
  await check('batch update and delete')
  await t.create({ title: 'child', parent: ids[3] })
  await t.create({ title: 'child 2', parent: ids[3] })
  await t.delete(['ws-a00'], { force: true })
  await check('children and deleting the first line')
  await h.close()
})

test('a changed JSONL is imported before the next command, once; a bead missing from it is not deleted (only tombstones delete)', async () => {
  const { open, jsonl } = await workspace()
  let h = await open()
  const keep = await h.tracker.create({ title: 'keep' })
  const gone = await h.tracker.create({ title: 'gone' })
  await h.close()
  const original = readFileSync(jsonl, 'utf8')
  // Another clone (or an older checkout): renamed one bead (later updated_at), lacks another, added a new one.
  const lines = original
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))
  const kept = { ...lines.find((l) => l.id === keep.id), title: 'keep (renamed elsewhere)', updated_at: '2099-01-01T00:00:00.000Z' }
  const added = {
    id: 'ws-new1',
    title: 'from the other clone',
    status: 'open',
    priority: 1,
    issue_type: 'task',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  }
  writeFileSync(jsonl, [added, kept].map((o) => JSON.stringify(o)).join('\n') + '\n')

  h = await open()
  assert.equal([h.synced?.created, h.synced?.updated], [1, 1])
  assert.is((await h.tracker.show([keep.id]))[0]!.title, 'keep (renamed elsewhere)')
  assert.equal((await h.tracker.list({ all: true })).map((i) => i.id).sort(), ['ws-new1', keep.id, gone.id].sort())
  assert.equal(h.raw!.prepare('SELECT event_type FROM events WHERE issue_id = ? ORDER BY id DESC LIMIT 1').get(gone.id), { event_type: 'created' })
  const afterImport = readFileSync(jsonl, 'utf8')
  await h.close()
  // No loop: the import did not rewrite the file, and the next open imports nothing.
  h = await open()
  assert.is(h.synced, undefined)
  assert.is(readFileSync(jsonl, 'utf8'), afterImport)
  // A touch (same bytes, new mtime) costs one hash and is remembered.
  const s = statSync(jsonl)
  utimesSync(jsonl, s.atime, new Date(s.mtimeMs + 5000))
  assert.is(await syncFromJsonl(h.tracker.ctx, jsonl), undefined)
  // The first write after an import is a full export: the file becomes exactly the database.
  assert.is((await recorded(h.tracker.db)).event, undefined)
  await h.tracker.create({ title: 'local' })
  assert.is(readFileSync(jsonl, 'utf8'), await exportJsonl(h.tracker.db))
  assert.ok(readFileSync(jsonl, 'utf8').includes(`"${gone.id}"`), 'the missing bead returns to the file with the next export')
  await h.close()
})

test('a union merge leaves two lines for one bead: the later one wins and the importing command rewrites the file with one line per id', async () => {
  const { open, jsonl } = await workspace()
  let h = await open()
  const x = await h.tracker.create({ title: 'x' })
  await h.close()
  const line = JSON.parse(readFileSync(jsonl, 'utf8'))
  const ours = { ...line, title: 'ours', updated_at: '2099-01-01T00:00:00.000Z' }
  const theirs = { ...line, title: 'theirs', updated_at: '2099-01-02T00:00:00.000Z', status: 'closed', closed_at: '2099-01-02T00:00:00.000Z' }
  writeFileSync(jsonl, `${JSON.stringify(ours)}\n${JSON.stringify(theirs)}\n`)
  h = await open()
  const [now] = await h.tracker.show([x.id])
  assert.equal([now!.title, now!.status], ['theirs', 'closed'])
  await h.tracker.create({ title: 'y' })
  const ids = readFileSync(jsonl, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).id)
  assert.is(new Set(ids).size, ids.length)
  await h.close()
})

test("a pull that lands mid-command is imported by that command's write, not overwritten", async () => {
  const { open, jsonl } = await workspace()
  const h = await open()
  const a = await h.tracker.create({ title: 'a' })
  const b = await h.tracker.create({ title: 'b' })
  // git pull now: another clone renamed a; its file lacks b (absence is not deletion).
  const line = JSON.parse(
    readFileSync(jsonl, 'utf8')
      .split('\n')
      .find((l) => l.includes(`"${a.id}"`))!,
  )
  writeFileSync(jsonl, JSON.stringify({ ...line, title: 'a (pulled)', updated_at: '2099-01-01T00:00:00.000Z' }) + '\n')
  // This command's own write happens after the pull.
  const c = await h.tracker.create({ title: 'c (local)' })
  const titles = (await h.tracker.list({ all: true })).map((i) => i.title).sort()
  assert.equal(titles, ['a (pulled)', 'b', 'c (local)'])
  assert.is(readFileSync(jsonl, 'utf8'), await exportJsonl(h.tracker.db))
  assert.ok(readFileSync(jsonl, 'utf8').includes(c.id))
  assert.ok(readFileSync(jsonl, 'utf8').includes(b.id))
  await h.close()
})

test.run()
