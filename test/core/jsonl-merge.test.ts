import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mergeJsonl, Unmergeable } from '../../packages/core/src/tracker/jsonl/merge.js'

// The merge driver's rule on hand-built base/ours/theirs triples (bd merge-driver runs it on git's files).
const T0 = '2026-01-01T00:00:00Z'
const T1 = '2026-01-02T00:00:00Z'
const T2 = '2026-01-03T00:00:00Z'
const bead = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, title: `bead ${id}`, status: 'open', priority: 2, issue_type: 'task', created_at: T0, updated_at: T0, ...extra })
const file = (...lines: string[]) => lines.map((l) => l + '\n').join('')
const parsed = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

test('a claim on one side and a label on the other both survive; untouched lines stay byte for byte', () => {
  const other = '{"id": "g-s02", "title": "spaced, as Dolt writes it", "status": "open"}'
  const base = file(bead('g-s01'), other)
  const ours = file(bead('g-s01', { status: 'in_progress', assignee: 'alice', updated_at: T1 }), other)
  const theirs = file(bead('g-s01', { labels: ['ui'], updated_at: T2 }), other)
  const { text, conflicts } = mergeJsonl(base, ours, theirs)
  const [s01] = parsed(text)
  assert.equal([s01!.status, s01!.assignee, s01!.labels, s01!.updated_at], ['in_progress', 'alice', ['ui'], T2])
  assert.is(text.split('\n')[1], other)
  assert.equal(conflicts, [])
})

test("a bead only one side changed takes that side's line exactly", () => {
  const theirsLine = '{"id":"g-1","title":"renamed","status":"open","updated_at":"2026-01-02T00:00:00Z","x_unknown":{"kept":[1,2.50]}}'
  const { text } = mergeJsonl(file(bead('g-1')), file(bead('g-1')), file(theirsLine))
  assert.is(text, theirsLine + '\n')
})

test('a tombstone beats an edit made before it; an edit made after a tombstone wins', () => {
  const tomb = bead('g-5', { status: 'tombstone', deleted_at: T2, deleted_by: 'alice', updated_at: T2 })
  const edit = bead('g-5', { title: 'edited', updated_at: T1 })
  assert.is(mergeJsonl(file(bead('g-5')), file(tomb), file(edit)).text, file(tomb))
  assert.is(mergeJsonl(file(bead('g-5')), file(edit), file(tomb)).text, file(tomb))
  const late = bead('g-5', { title: 'edited later', updated_at: '2026-01-04T00:00:00Z' })
  assert.is(mergeJsonl(file(bead('g-5')), file(tomb), file(late)).text, file(late))
})

test('delete (line gone) vs a neighbour created or edited: the deletion stands, the neighbours merge', () => {
  const base = file(bead('g-s04'), bead('g-s05'), bead('g-s06'))
  const ours = file(bead('g-s04'), bead('g-s06')) // an old-style hard delete of g-s05
  const theirs = file(bead('g-s04', { title: 'edited', updated_at: T1 }), bead('g-s05'), bead('g-s05a'), bead('g-s06'))
  const ids = parsed(mergeJsonl(base, ours, theirs).text).map((l) => l.id)
  assert.equal(ids, ['g-s04', 'g-s05a', 'g-s06'])
  // A removal against an edit of that bead keeps the edit (nothing is lost).
  const edited = file(bead('g-s04'), bead('g-s05', { title: 'edited', updated_at: T1 }), bead('g-s06'))
  assert.equal(
    parsed(mergeJsonl(base, ours, edited).text).map((l) => l.id),
    ['g-s04', 'g-s05', 'g-s06'],
  )
})

test('conflicting edits of one field: the later side wins and the other value is reported', () => {
  const base = file(bead('g-7'))
  const ours = file(bead('g-7', { title: 'ours', priority: 1, updated_at: T2 }))
  const theirs = file(bead('g-7', { title: 'theirs', updated_at: T1 }))
  const { text, conflicts } = mergeJsonl(base, ours, theirs)
  const [m] = parsed(text)
  assert.equal([m!.title, m!.priority, m!.updated_at], ['ours', 1, T2])
  assert.equal(conflicts, [{ id: 'g-7', field: 'title', kept: '"ours"', other: '"theirs"' }])
  // Either order gives the same answer.
  assert.is(mergeJsonl(base, theirs, ours).text.length, text.length)
  assert.is(parsed(mergeJsonl(base, theirs, ours).text)[0]!.title, 'ours')
})

test('a close on one side moves status, closed_at and close_reason together', () => {
  const base = file(bead('g-8', { assignee: 'bob' }))
  const ours = file(bead('g-8', { assignee: 'bob', status: 'closed', closed_at: T1, close_reason: 'done', updated_at: T1 }))
  const theirs = file(bead('g-8', { assignee: 'carol', updated_at: T2 }))
  const [m] = parsed(mergeJsonl(base, ours, theirs).text)
  assert.equal([m!.status, m!.closed_at, m!.close_reason, m!.assignee], ['closed', T1, 'done', 'carol'])
})

test('labels, edges and comments merge as sets: additions on both sides kept, a removal on one side honoured', () => {
  const dep = (to: string) => ({ issue_id: 'g-9', depends_on_id: to, type: 'blocks', created_at: T0, created_by: 'x' })
  const comment = (id: number, text: string) => ({ id, issue_id: 'g-9', author: 'x', text, created_at: T0 })
  const base = file(bead('g-9', { labels: ['a', 'b'], dependencies: [dep('g-1')], comments: [comment(1, 'one')] }))
  const ours = file(
    bead('g-9', { labels: ['a', 'c'], dependencies: [dep('g-1'), dep('g-2')], comments: [comment(1, 'one'), comment(2, 'two')], updated_at: T1 }),
  )
  const theirs = file(bead('g-9', { labels: ['a', 'b', 'd'], dependencies: [], comments: [comment(1, 'one'), comment(3, 'three')], updated_at: T2 }))
  const [m] = parsed(mergeJsonl(base, ours, theirs).text)
  assert.equal(m!.labels, ['a', 'c', 'd'])
  assert.equal(
    (m!.dependencies as Array<{ depends_on_id: string }>).map((d) => d.depends_on_id),
    ['g-2'],
  )
  assert.equal(
    (m!.comments as Array<{ text: string }>).map((c) => c.text),
    ['one', 'two', 'three'],
  )
})

test('output: sorted by id, one line per id, even from sides a union merge left with duplicates', () => {
  const old = bead('g-2', { title: 'old' })
  const newer = bead('g-2', { title: 'newer', updated_at: T1 })
  const { text } = mergeJsonl(file(old), file(bead('g-3'), newer, old), file(bead('g-1'), old))
  assert.equal(
    parsed(text).map((l) => [l.id, l.title]),
    [
      ['g-1', 'bead g-1'],
      ['g-2', 'newer'],
      ['g-3', 'bead g-3'],
    ],
  )
})

test('a side that is not bead lines is unmergeable (git keeps its conflict)', () => {
  assert.throws(
    () => mergeJsonl('', '<<<<<<< HEAD\n=======\n>>>>>>> x\n', ''),
    (e: unknown) => e instanceof Unmergeable,
  )
  assert.throws(
    () => mergeJsonl('', file(bead('g-1')), 'not json\n'),
    (e: unknown) => e instanceof Unmergeable && /theirs line 1/.test(e.message),
  )
})

test.run()
