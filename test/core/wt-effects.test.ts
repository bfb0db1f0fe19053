// The pool's effects (spawn, kill, close, done, escalate) over fake git and tmux ports: the failure
// paths a real repository or tmux server rarely takes on cue, and the branch/bead rules around them.
// wt.db and the tracker are real SQLite files; test/wt/*.test.ts runs the same commands end to end.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DomainError, isDomainError } from '../../packages/core/src/errors.js'
import { initWorkspace, openTrackerAt } from '../../packages/core/src/tracker/open.js'
import { WorkerPool } from '../../packages/core/src/workers/pool.js'
import { FakeGit, FakeTmux } from '../_support/fake-ports.js'

const dirs: string[] = []

async function setup() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-effects-')))
  dirs.push(dir)
  const repo = join(dir, 'repo')
  mkdirSync(repo)
  await initWorkspace(repo, { prefix: 't' })
  const git = new FakeGit()
  const tmux = new FakeTmux()
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir }
  const open = (cwd = repo) => WorkerPool.open({ env, cwd, home: join(dir, 'home'), tmux, git })
  const pool = await open()
  await pool.addProject('demo', repo)
  pool.config.set('agent.preset', 'shell')
  pool.config.set('agent.command', process.execPath)
  pool.config.set('agent.start_check', '0')
  pool.config.set('worktree_root', join(dir, 'worktrees'))
  const tracker = async <T>(fn: (t: Awaited<ReturnType<typeof openTrackerAt>>['tracker']) => Promise<T>) => {
    const h = await openTrackerAt(join(repo, '.beads', 'beads.db'), { actor: 'hub' })
    try {
      return await fn(h.tracker)
    } finally {
      await h.close()
    }
  }
  const bead = (await tracker((t) => t.create({ title: 'fix the thing' }))).id
  return { dir, repo, git, tmux, pool, open, tracker, bead }
}

type Setup = Awaited<ReturnType<typeof setup>>

async function refused(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (isDomainError(e)) return e
    throw e
  }
  throw new Error('expected a DomainError')
}

const live = async (s: Setup) => (await s.pool.list()).map((w) => w.name)

test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

test('spawn: a failing `git worktree add` undoes the claim and the row, and says what git said', async () => {
  const s = await setup()
  s.git.fail.addWorktree = () => new DomainError('FAILED', "git worktree add failed: fatal: 'x' is already checked out")
  const e = await refused(s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true }))
  assert.match(e.message, /already checked out/)
  const issue = await s.tracker((t) => t.get(s.bead))
  assert.is(issue.status, 'open')
  assert.is(issue.assignee ?? null, null)
  assert.equal(await live(s), [])
  assert.is(s.tmux.sessions.size, 0)
  await s.pool.close()
})

test('spawn: tmux failing after the worktree was made removes the worktree and the branch spawn created', async () => {
  const s = await setup()
  s.tmux.fail.newSession = () => new DomainError('FAILED', 'tmux new-session failed: server exited unexpectedly')
  const e = await refused(s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true }))
  assert.match(e.message, /server exited/)
  assert.equal([...s.git.branches.keys()], ['main'], 'the new branch is gone')
  assert.equal([...s.git.worktrees.keys()], [])
  assert.not.ok(existsSync(join(s.dir, 'worktrees', s.bead)))
  assert.is((await s.tracker((t) => t.get(s.bead))).status, 'open')
  assert.equal(await live(s), [])
  await s.pool.close()
})

test('spawn: an existing branch is reused and kept when a later step fails', async () => {
  const s = await setup()
  s.git.branches.set(s.bead, ['c0', 'old-work'])
  s.tmux.fail.newSession = () => new DomainError('FAILED', 'tmux new-session failed')
  await refused(s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true }))
  assert.equal(s.git.branches.get(s.bead), ['c0', 'old-work'], "someone's earlier work survives the undo")
  await s.pool.close()
})

test('close: commits merged into the base close the bead and delete the branch; unmerged ones keep both', async () => {
  const s = await setup()
  await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  s.git.commit(s.bead, 2)
  const kept = await s.pool.closeWorker('amber')
  assert.is(kept.bead_status, 'open')
  assert.is(kept.branch_deleted, false)
  assert.match(kept.notes.join(' '), /has 2 commit\(s\) not merged into main \(branch kept\)/)
  assert.ok(s.git.branches.has(s.bead))
  assert.is(s.tmux.sessions.size, 0)

  const again = await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  assert.is(again.worker.base_commit, 'c0', 'the reused branch keeps its base')
  s.git.branches.set('main', [...s.git.branches.get(s.bead)!])
  const closed = await s.pool.closeWorker('amber')
  assert.is(closed.bead_status, 'closed')
  assert.is(closed.branch_deleted, true)
  assert.match(closed.notes.join(' '), /2 commit\(s\) merged into main/)
  await s.pool.close()
})

test('close: a branch with no commits of its own keeps the bead open', async () => {
  const s = await setup()
  await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  const r = await s.pool.closeWorker('amber')
  assert.is(r.bead_status, 'open')
  assert.match(r.notes.join(' '), /has no commits beyond its base/)
  await s.pool.close()
})

test('kill: a dirty worktree is refused and nothing changes; --force ends it and returns the bead', async () => {
  const s = await setup()
  const { worker } = await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  s.git.dirty.set(worker.worktree, ['src/a.ts', 'notes.md'])
  const e = await refused(s.pool.kill('amber'))
  assert.is(e.code, 'CONFLICT')
  assert.match(e.message, /uncommitted changes: src\/a\.ts, notes\.md/)
  assert.equal(await live(s), ['amber'])
  assert.ok(s.tmux.sessions.has('amber'))
  assert.is((await s.tracker((t) => t.get(s.bead))).status, 'in_progress')

  const r = await s.pool.kill('amber', { force: true })
  assert.is(r.worktree_removed, true)
  assert.is(r.bead_status, 'open')
  assert.ok(s.git.branches.has(s.bead), 'kill keeps the branch')
  assert.equal(await live(s), [])
  await s.pool.close()
})

test('done: a rebase conflict lists the files and keeps the worker; a clean one merges, closes the bead and ends the session', async () => {
  const s = await setup()
  const { worker } = await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  s.git.commit(s.bead)
  s.git.commit('main')
  const inside = await s.open(worker.worktree)
  s.git.rebaseConflicts = ['src/a.ts']
  const e = await refused(inside.done({ mergeMode: 'direct' }, () => undefined))
  assert.is(e.code, 'CONFLICT')
  assert.match(e.message, /conflicts in: src\/a\.ts/)
  assert.equal(await live(s), ['amber'])

  s.git.rebaseConflicts = []
  let reported: string | undefined
  const r = await inside.done({ mergeMode: 'direct' }, (d) => (reported = d.bead_status))
  assert.is(reported, 'closed', 'reported before the session goes')
  assert.is(r.bead_status, 'closed')
  assert.is(r.branch_deleted, true)
  assert.equal(s.git.branches.get('main')!.length, 3, 'main holds its own commit and the worker’s')
  assert.is(s.tmux.sessions.size, 0)
  await inside.close()
  await s.pool.close()
})

test('escalate reset: the branch is kept as <bead>-attempt-<n>, the bead noted, a fresh worker started at level 3', async () => {
  const s = await setup()
  await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  const tip = s.git.commit(s.bead)
  s.git.branches.set(`${s.bead}-attempt-1`, ['c0'])
  const r = await s.pool.escalate('amber', 'reset', 'went in circles')
  assert.is(r.kept_branch, `${s.bead}-attempt-2`)
  assert.is(s.git.branches.get(`${s.bead}-attempt-2`)!.at(-1), tip)
  assert.equal(s.git.branches.get(s.bead), ['c0'], 'the fresh branch starts from the base')
  assert.is(r.respawned, 'amber')
  assert.match(s.tmux.sessions.get('amber')!.received.join('\n'), new RegExp(s.bead), 'the fresh worker got its first prompt')
  assert.is(r.level, 3)
  const [row] = await s.pool.list()
  assert.is(row!.escalation_level, 3)
  const comments = await s.tracker((t) => t.comments(s.bead))
  assert.ok(
    comments.some((c) => c.text === 'Resetting: went in circles'),
    JSON.stringify(comments),
  )
  await s.pool.close()
})

test('escalate defer: the worker ends, the bead is blocked, unassigned and says what it waits for', async () => {
  const s = await setup()
  await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  const r = await s.pool.escalate('amber', '4', 'the API key')
  assert.is(r.bead_status, 'blocked')
  assert.is(r.respawned, null)
  const issue = await s.tracker((t) => t.get(s.bead))
  assert.is(issue.assignee ?? '', '')
  assert.ok((await s.tracker((t) => t.comments(s.bead))).some((c) => c.text === 'Waiting for: the API key'))
  assert.equal(await live(s), [])
  assert.is(s.tmux.sessions.size, 0)
  await s.pool.close()
})

test('escalate: a refused plan (defer without a message) runs nothing', async () => {
  const s = await setup()
  await s.pool.spawn({ bead: s.bead, name: 'amber', noPrompt: true })
  const before = s.tmux.calls.length
  const e = await refused(s.pool.escalate('amber', 'defer', '  '))
  assert.is(e.code, 'USAGE')
  assert.equal(s.tmux.calls.slice(before), [])
  assert.equal(await live(s), ['amber'])
  await s.pool.close()
})

test.run()
