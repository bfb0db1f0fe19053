import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { duration, listing, progressLine, stats } from '../../packages/wt/src/render/seance.js'

test('durations and the progress line read like a person would write them', () => {
  assert.equal([duration(42), duration(125), duration(3 * 3600 + 7 * 60 + 9)], ['42s', '2m05s', '3h07m'])
  assert.is(progressLine({ phase: 'index', file: '/x.jsonl', bytes_done: 25e6, bytes_total: 100e6 }), '\rindexing transcripts 25.0 MB / 100.0 MB (25%)\u001b[K')
})

test('the listing and the stats table show what the JSON holds', () => {
  const subject = {
    name: 'toast',
    bead: 'bd-7',
    title: 'Session store',
    project: 'app',
    worktree: '/w/my_app.v2/toast',
    created_at: '2026-11-14T09:00:00.000Z',
    ended_at: '2026-11-14T12:00:00.000Z',
    end_reason: 'killed',
  }
  const list = listing([{ ...subject, session_ids: ['a', 'b'], transcript_bytes: 10, last_activity: '2026-11-14T11:59:00.000Z' }])
  assert.match(list, /toast\s+bd-7\s+Session store\s+app\s+2026-11-14 12:00 killed\s+2\s+2026-11-14 11:59\s+\/w\/my_app.v2\/toast/)
  assert.is(listing([]), 'No workers with transcripts.')
  const usage = { requests: 2, input_tokens: 100, output_tokens: 2000, cache_read_input_tokens: 90000, cache_creation_input_tokens: 9900, cache_ratio: 0.9 }
  const text = stats({
    subject,
    sessions: [],
    turns: 3,
    wall_seconds: 3725,
    started_at: '2026-11-14T10:00:00.000Z',
    ended_at: '2026-11-14T11:02:05.000Z',
    total: usage,
    models: [{ model: 'claude-sonnet-4-5', ...usage }],
  })
  assert.match(text, /toast: 0 session\(s\), 3 turn\(s\), wall time 1h02m/)
  assert.match(text, /claude-sonnet-4-5\s+2\s+100\s+2,000\s+90,000\s+9,900\s+90\.0%/)
})

test.run()
