import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { composeBrief, estimateTokens, type BriefWorker } from '../../packages/core/src/workers/rules/brief-text.js'

const now = new Date('2026-11-22T06:00:00Z')
const long = 'Refactor the session store so that it survives restarts of the API gateway without dropping tokens'

const workers: BriefWorker[] = [
  { name: 'toast', project: 'web', bead: 'bd-a1b2', title: long, state: 'working', idle_seconds: 4, commits_ahead: 1, files_changed: 6, action: 'none' },
  {
    name: 'shadow',
    project: 'web',
    bead: 'bd-c3d4',
    title: 'Paginate the export endpoint',
    state: 'waiting',
    idle_seconds: 130,
    message: 'Do you want to proceed? psql -f db/0042.sql '.repeat(6),
    commits_ahead: 0,
    files_changed: 2,
    action: 'answer',
  },
  {
    name: 'quartz',
    project: 'api',
    bead: 'api-77',
    title: 'Retry webhook deliveries with backoff',
    state: 'stuck',
    idle_seconds: 2400,
    commits_ahead: 0,
    files_changed: 0,
    escalation_level: 1,
    action: 'escalate',
  },
  {
    name: 'jasper',
    project: 'api',
    bead: 'api-80',
    title: 'Validate email addresses on signup',
    state: 'done',
    idle_seconds: 60,
    message: 'tests pass, ready to merge',
    commits_ahead: 3,
    files_changed: 5,
    action: 'review',
  },
  {
    name: 'onyx',
    project: 'web',
    bead: 'bd-e5f6',
    title: 'Flaky timer test',
    state: 'idle',
    idle_seconds: 420,
    commits_ahead: 0,
    files_changed: 1,
    action: 'check',
  },
]

test('the brief lists every live worker, what ended since, and the next actions, most urgent first', () => {
  const { text, json } = composeBrief({
    now,
    since: new Date('2026-11-22T03:00:00Z'),
    workers,
    ended: [
      { name: 'obsidian', bead: 'bd-0001', title: 'Add export CSV', outcome: 'done', ended_at: new Date('2026-11-22T04:10:00Z'), message: 'merged' },
      { name: 'amber', bead: 'bd-0002', outcome: 'killed', ended_at: new Date('2026-11-21T23:00:00Z') },
    ],
    capacity: { max: 6, ready: 3 },
  })
  for (const w of workers) assert.match(text, `- ${w.name} `)
  assert.equal(
    json.live.map((w) => w.name),
    ['shadow', 'quartz', 'jasper', 'onyx', 'toast'],
  )
  assert.equal(
    json.ended.map((e) => e.name),
    ['obsidian'],
  ) // amber ended before --since
  assert.match(text, /obsidian bd-0001 "Add export CSV" · done 04:10Z · "merged"/)
  assert.equal(json.next.length, 5) // shadow, quartz, jasper, onyx + capacity; toast needs nothing
  assert.match(json.next[0], /^shadow \(bd-c3d4\) needs input: ".*" → wt shadow, or wt escalate shadow 2 "<answer>"$/)
  assert.match(json.next[1], /quartz \(api-77\) stuck 40m, no activity or disk progress.*wt escalate quartz 3/)
  assert.match(json.next[2], /jasper \(api-80\) says done → wt land jasper \(rebase, gate, merge\), or review its branch, then wt close jasper/)
  assert.match(json.next[3], /onyx \(bd-e5f6\) idle 7m → wt escalate onyx 1/)
  assert.match(json.next[4], /^2 free slots, 3 ready beads → wt new --ready --max 6$/)
  assert.ok(json.live[1].escalation_level === 1)
})

test('compact: five workers with long titles and messages stay well under ~1.5k tokens', () => {
  const { text, json } = composeBrief({ now, since: null, workers, capacity: { max: 5 } })
  const tokens = estimateTokens(text)
  assert.ok(tokens < 1500, `${tokens} tokens`)
  assert.ok(estimateTokens(JSON.stringify(json)) < 1500)
  for (const line of text.split('\n')) assert.ok(line.length <= 240, line)
})

test('nothing live: says so, and nothing needs you', () => {
  const { text, json } = composeBrief({ now, workers: [] })
  assert.match(text, /0 live/)
  assert.match(text, /Live: none/)
  assert.match(text, /Next: nothing needs you/)
  assert.equal(json.live, [])
})

test.run()
