import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readyQuery } from '../../packages/core/src/tracker/queries.js'
import { workNodesQuery } from '../../packages/core/src/tracker/work-graph.js'
import { memoryTracker } from '../_support/tracker.js'

test('ready is one scan of the issues_ready partial index, with no sort step', async () => {
  const { tracker, raw } = await memoryTracker()
  for (let i = 0; i < 50; i++) await tracker.create({ title: `t${i}`, priority: i % 5 })
  const q = readyQuery(tracker.db, {}, new Date()).compile()
  const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail)
  assert.ok(
    plan.some((d) => /SCAN issues USING INDEX issues_ready/.test(d)),
    plan.join('\n'),
  )
  assert.not.ok(
    plan.some((d) => /TEMP B-TREE/.test(d)),
    plan.join('\n'),
  )
})

test("plan's node scan reads the issues_work index alone, already in queue order: no table row, no sort step, no code worked out", async () => {
  const { tracker, raw } = await memoryTracker()
  for (let i = 0; i < 50; i++) await tracker.create({ title: `t${i}`, priority: i % 5, estimated_minutes: i })
  const q = workNodesQuery(tracker.db, 'open', false).compile(tracker.db)
  const params = q.parameters as unknown[]
  const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail)
  assert.ok(
    plan.some((d) => /SCAN issues USING (COVERING )?INDEX issues_work\b/.test(d)),
    plan.join('\n'),
  )
  assert.not.ok(
    plan.some((d) => /TEMP B-TREE/.test(d)),
    plan.join('\n'),
  )
  // The index holds the packed codes (migration 0005): the program opens the table but never reads a
  // column of it. A change to PACKED_SQL without a migration that rebuilds the index fails here.
  const table = (raw.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'issues'`).get() as { rootpage: number }).rootpage
  const program = raw.prepare(`EXPLAIN ${q.sql}`).all(...params) as Array<{ opcode: string; p1: number; p2: number }>
  const cursors = program.filter((o) => o.opcode === 'OpenRead' && o.p2 === table).map((o) => o.p1)
  const reads = program.filter((o) => cursors.includes(o.p1) && ['Column', 'SeekRowid', 'NotExists', 'Rowid'].includes(o.opcode))
  assert.equal(reads, [], JSON.stringify(program.filter((o) => cursors.includes(o.p1))))
  // And the graph it loads is in queue order: priority, then creation (estimated_minutes here counts creations).
  const { loadWorkGraph } = await import('../../packages/core/src/tracker/work-graph.js')
  const graph = await loadWorkGraph(tracker.db, { titles: false })
  const nodes = graph.ids.map((_, i) => ({ priority: graph.priority[i]!, estimated_minutes: graph.estimatedMinutes[i]! }))
  const queue = [...nodes].sort((a, b) => a.priority - b.priority || a.estimated_minutes - b.estimated_minutes)
  assert.equal(
    nodes.map((n) => n.estimated_minutes),
    queue.map((n) => n.estimated_minutes),
  )
})

test.run()
