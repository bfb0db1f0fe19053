import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readyQuery } from '../../packages/core/src/tracker/queries.js'
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

test.run()
