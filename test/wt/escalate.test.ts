// The escalation ladder, `wt ready` and `wt brief`, through the built CLI against real tmux, git
// and tracker files.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openTrackerAt } from '../../packages/core/src/tracker/open.js'
import { estimateTokens } from '../../packages/core/src/workers/rules/brief-text.js'
import { eventually, gitIn, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt escalate, ready, brief')
let sb: Sandbox

interface Row {
  id: number
  name: string
  bead: string
  state: string
  escalation_level: number
  worktree: string
  branch: string
  ended_at: string | null
  end_reason: string | null
}

t.before(async () => {
  sb = await sandbox('escalate')
})
t.after(() => sb.cleanup())

const ok = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  assert.is(r.code, 0, r.stderr)
  return JSON.parse(r.stdout) as T
}
const sessions = () => sb.sessions()
const branches = () => gitIn(sb.repo, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort()
const rows = async (all = false) => ok<Row[]>(await sb.wt(['list', '--json', ...(all ? ['--all'] : [])]))
const comments = async (bead: string) => {
  const h = await openTrackerAt(join(sb.repo, '.beads', 'beads.db'))
  try {
    return (await h.tracker.comments(bead)).map((c) => c.text)
  } finally {
    await h.close()
  }
}
const escalations = async () =>
  ok<Array<{ type: string; worker: string; message: string; data: { level: number } }>>(await sb.wt(['events', '--json', '-n', '500'])).filter(
    (e) => e.type === 'escalated',
  )
const wtDb = () => readFileSync(join(sb.home, 'wt.db'))

async function spawn(name: string, title: string) {
  const bead = await sb.bead({ title })
  const r = ok<{ name: string; worktree: string }>(await sb.wt(['new', bead.id, '--name', name, '--no-switch', '--json']))
  // The agent is ready when the fake agent has logged its start.
  await eventually(() => sb.agentLog(name).some((e) => e.type === 'start'))
  return { bead: bead.id, ...r }
}

t('1 guidance sends the message and raises the level; bad rungs and missing messages change nothing', async () => {
  const w = await spawn('toast', 'guided work')
  const before = wtDb()
  const unknown = await sb.wt(['escalate', 'toast', 'panic', 'help'])
  assert.is(unknown.code, 1)
  assert.match(unknown.stderr, /unknown escalation level: panic/)
  const bare = await sb.wt(['escalate', 'toast', 'guidance'])
  assert.is(bare.code, 2)
  assert.match(bare.stderr, /needs a message/)
  const nobody = await sb.wt(['escalate', 'nosuchworker', '1', 'hi'])
  assert.is(nobody.code, 1)
  assert.match(nobody.stderr, /nosuchworker/)
  assert.ok(before.equals(wtDb()), 'refusals leave wt.db as it was')

  const r = ok<{ level: number; sent: boolean }>(await sb.wt(['escalate', 'toast', '1', 'run', 'the', 'failing', 'test', 'alone', '--json']))
  assert.is(r.level, 1)
  await eventually(() => sb.agentLog('toast').some((e) => e.text === 'Dispatch: run the failing test alone'))
  assert.is((await rows()).find((x) => x.name === 'toast')!.escalation_level, 1)
  const [event] = await escalations()
  assert.equal([event!.worker, event!.message, event!.data.level], ['toast', '1 guidance: run the failing test alone', 1])
  assert.ok(sessions().includes('toast'))
  assert.is(w.name, 'toast')
})

t('2 unblock sends, and without a terminal says how to switch in', async () => {
  const r = ok<{ level: number; switched: boolean; notes: string[] }>(await sb.wt(['escalate', 'toast', 'unblock', 'the password is in the vault', '--json']))
  assert.equal([r.level, r.switched], [2, false])
  assert.match(r.notes.join('\n'), /wt toast/)
  await eventually(() => sb.agentLog('toast').some((e) => e.text === 'Dispatch: the password is in the vault'))
})

t('3 reset keeps the attempt on <bead>-attempt-1, notes the bead, and starts a fresh worker from the base', async () => {
  const [toast] = (await rows()).filter((x) => x.name === 'toast')
  writeFileSync(join(toast!.worktree, 'attempt.txt'), 'first try\n')
  const dirty = await sb.wt(['escalate', 'toast', 'reset', 'wrong approach'])
  assert.is(dirty.code, 1, 'a dirty worktree is refused')
  assert.match(dirty.stderr, /uncommitted changes: attempt\.txt/)
  assert.ok(sessions().includes('toast'))
  gitIn(toast!.worktree, 'add', '-A')
  gitIn(toast!.worktree, 'commit', '-qm', 'first attempt')
  const attemptTip = gitIn(toast!.worktree, 'rev-parse', 'HEAD')

  const r = ok<{ level: number; kept_branch: string; respawned: string; bead_status: string }>(
    await sb.wt(['escalate', 'toast', '3', 'wrong approach: use the cache', '--json']),
  )
  assert.equal([r.level, r.kept_branch, r.respawned, r.bead_status], [3, `${toast!.bead}-attempt-1`, 'toast', 'in_progress'])
  assert.is(gitIn(sb.repo, 'rev-parse', `${toast!.bead}-attempt-1`), attemptTip, 'the attempt is kept')
  assert.is(gitIn(sb.repo, 'rev-parse', toast!.bead), gitIn(sb.repo, 'rev-parse', 'main'), 'the fresh branch starts at the base')
  const all = await rows(true)
  const old = all.find((x) => x.id === toast!.id)!
  const fresh = all.find((x) => x.name === 'toast' && !x.ended_at)!
  assert.equal([old.end_reason, fresh.bead, fresh.escalation_level], ['killed', toast!.bead, 3])
  assert.ok(!existsSync(join(fresh.worktree, 'attempt.txt')))
  assert.ok(sessions().includes('toast'))
  assert.ok((await comments(toast!.bead)).includes('Resetting: wrong approach: use the cache'))
  assert.is((await sb.issue(toast!.bead)).assignee, 'toast')
  assert.is((await escalations()).length, 3)
})

t('4 defer ends the worker, blocks the bead with "Waiting for", and releases the claim', async () => {
  const missing = await sb.wt(['escalate', 'toast', 'defer'])
  assert.is(missing.code, 2)
  const [toast] = (await rows()).filter((x) => x.name === 'toast')
  const r = ok<{ level: number; bead_status: string }>(await sb.wt(['escalate', 'toast', '4', 'the API key from ops', '--json']))
  assert.equal([r.level, r.bead_status], [4, 'blocked'])
  assert.ok(!sessions().includes('toast'))
  assert.ok(!existsSync(toast!.worktree))
  assert.ok(branches().includes(toast!.bead), 'the branch stays')
  const issue = await sb.issue(toast!.bead)
  assert.equal([issue.status, issue.assignee ?? ''], ['blocked', ''])
  assert.ok((await comments(toast!.bead)).includes('Waiting for: the API key from ops'))
  const ended = (await rows(true)).find((x) => x.id === toast!.id)!
  assert.equal([ended.end_reason, ended.escalation_level], ['killed', 4])
  assert.is((await rows()).length, 0)
})

t('wt ready lists ready beads of every project with a project column; a bad priority is refused', async () => {
  const p0 = await sb.bead({ title: 'urgent thing', priority: 0 })
  await sb.bead({ title: 'later thing', priority: 3 })
  const all = ok<Array<{ id: string; project: string; title: string }>>(await sb.wt(['ready', '--json']))
  assert.ok(all.length >= 2)
  assert.ok(all.every((r) => r.project === 'demo'))
  assert.is(all[0]!.id, p0.id, 'by priority first')
  const urgent = ok<Array<{ id: string }>>(await sb.wt(['ready', 'demo', '-p', '0', '--json']))
  assert.equal(
    urgent.map((r) => r.id),
    [p0.id],
  )
  const bad = await sb.wt(['ready', '-p', '9'])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /9/)
  const unknown = await sb.wt(['ready', 'nosuchproject'])
  assert.is(unknown.code, 1)
  assert.match(unknown.stderr, /nosuchproject/)
  const human = await sb.wt(['ready'])
  assert.match(human.stdout, /PROJECT/)
  assert.match(human.stdout, /urgent thing/)
})

t('wt brief lists every live worker and what ended since, compactly', async () => {
  const names = ['agate', 'beryl', 'coral', 'delta', 'epsom']
  for (const n of names) await spawn(n, `a fairly long bead title for the ${n} worker that goes on and on`)
  const brief = await sb.wt(['brief'])
  assert.is(brief.code, 0, brief.stderr)
  for (const n of names) assert.match(brief.stdout, new RegExp(`^- ${n} `, 'm'))
  assert.match(brief.stdout, /Ended since/)
  assert.match(brief.stdout, /toast/)
  assert.ok(estimateTokens(brief.stdout) < 1500, `${estimateTokens(brief.stdout)} tokens`)
  const json = ok<{ live: Array<{ name: string; state: string }>; ended: Array<{ name: string; outcome: string }>; next: string[] }>(
    await sb.wt(['brief', '--json']),
  )
  assert.equal(json.live.map((w) => w.name).sort(), names)
  assert.ok(json.ended.some((e) => e.name === 'toast' && e.outcome === 'killed'))
  const recent = ok<{ ended: unknown[] }>(await sb.wt(['brief', '--json', '--since', '30d']))
  assert.ok(recent.ended.length >= 2)
  const bad = await sb.wt(['brief', '--since', 'yesterdayish'])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /yesterdayish/)
  for (const n of names) assert.is((await sb.wt(['kill', n])).code, 0)
})

t.run()
