// wt ready orders beads across projects by the moment their creation time names, not its text:
// beads from other tools carry offsets (`10:00:00-08:00` is after `12:00:00Z`).
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { openTrackerAt } from '../../packages/core/src/tracker/open.js'
import { sandbox, type Sandbox } from '../_support/wt.js'

let sb: Sandbox
test.before(async () => {
  sb = await sandbox('ready-order')
})
test.after(() => sb.cleanup())

test('same priority: the earlier moment first, whatever the offset', async () => {
  const line = (id: string, created: string) =>
    JSON.stringify({ id, title: id, status: 'open', priority: 1, issue_type: 'task', created_at: created, updated_at: created })
  const h = await openTrackerAt(join(sb.repo, '.beads', 'beads.db'), { actor: 'hub' })
  try {
    await h.tracker.importJsonl([line('t-late', '2026-01-01T10:00:00-08:00'), line('t-early', '2026-01-01T12:00:00Z')].join('\n') + '\n', { source: 'test' })
  } finally {
    await h.close()
  }
  const r = await sb.wt(['ready', '--json'])
  assert.is(r.code, 0, r.stderr)
  assert.equal(
    (JSON.parse(r.stdout) as Array<{ id: string }>).map((b) => b.id),
    ['t-early', 't-late'],
  )
})

test.run()
