// Races and crashes of `wt new` end cleanly (issue 15): a lost race moves on to the next bead, and
// a spawn whose process was killed is rolled back by the next wt command, whatever it had done.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { eventually, gitIn, sandbox, type Sandbox, wtBin } from '../_support/wt.js'

let sb: Sandbox
test.before(async () => {
  sb = await sandbox('crash')
})
test.after(() => sb.cleanup())

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const branches = () => gitIn(sb.repo, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean)
const startNew = (bead: string) => spawn(process.execPath, [wtBin, 'new', bead, '--no-switch'], { cwd: sb.repo, env: sb.env, stdio: 'ignore' })
const killed = (child: ReturnType<typeof startNew>) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })

async function assertRolledBack(bead: string, worktree: string) {
  const list = await sb.wt(['list', '--all', '--json'])
  assert.is(list.code, 0, list.stderr)
  assert.equal(
    JSON.parse(list.stdout).filter((w: { bead: string }) => w.bead === bead),
    [],
    'no worker row left for the bead, live or ended',
  )
  const issue = await sb.issue(bead)
  assert.equal([issue.status, issue.assignee], ['open', undefined], 'the claim is released')
  assert.not.ok(existsSync(worktree), 'the worktree is gone')
  assert.not.ok(branches().includes(bead), 'the branch it made is gone')
  assert.equal(sb.sessions(), [], 'no tmux session')
  const events = await sb.wt(['events', '--json'])
  assert.ok(
    JSON.parse(events.stdout).some((e: { type: string }) => e.type === 'spawn_abandoned'),
    'the rollback is an event',
  )
}

test('kill -9 of wt new during hooks.on_create: the next wt command rolls the spawn back and ends the hook', async () => {
  const pidFile = join(sb.dir, 'hook.pid')
  const pool = await sb.pool()
  pool.config.set('hooks.on_create', `echo $$ > ${pidFile}; sleep 120`)
  await pool.close()
  const bead = await sb.bead({ title: 'Killed in its hook' })
  const child = startNew(bead.id)
  const hookPid = await eventually(() => existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')), 60_000)
  await killed(child)
  assert.ok(alive(hookPid), 'the hook outlived its wt new')

  await assertRolledBack(bead.id, join(sb.dir, 'worktrees', bead.id))
  await eventually(() => !alive(hookPid), 30_000)

  const again = await sb.wt(['config', 'unset', 'hooks.on_create'])
  assert.is(again.code, 0, again.stderr)
  const respawn = await sb.wt(['new', bead.id, '--no-switch'])
  assert.is(respawn.code, 0, `the bead can be spawned again: ${respawn.stderr}`)
  assert.is((await sb.wt(['kill', respawn.stdout.trim(), '--force'])).code, 0)
})

test('kill -9 of wt new while it waits for the agent prompt: the agent does not run on without its prompt', async () => {
  const pool = await sb.pool()
  pool.config.set('agent.ready_pattern', 'a prompt this agent never shows')
  pool.config.set('agent.ready_timeout', '120')
  await pool.close()
  try {
    const bead = await sb.bead({ title: 'Killed while waiting' })
    const child = startNew(bead.id)
    await eventually(() => sb.sessions().length === 1, 60_000)
    await killed(child)
    assert.equal(sb.sessions().length, 1, 'the agent is still running, never given its prompt')
    await assertRolledBack(bead.id, join(sb.dir, 'worktrees', bead.id))
  } finally {
    const pool2 = await sb.pool()
    pool2.config.set('agent.ready_pattern', 'ready>')
    pool2.config.unset('agent.ready_timeout')
    await pool2.close()
  }
})

test('concurrent wt new --ready: a lost race moves on to the next bead, no raw constraint error, no bead twice', async () => {
  const beads = await Promise.all([1, 2, 3, 4].map((n) => sb.bead({ title: `Ready work ${n}`, priority: 1 })))
  const runs = await Promise.all(Array.from({ length: 6 }, () => sb.wt(['new', '--ready', '--max', '3', '--json'])))
  for (const r of runs) {
    assert.is(r.code, 0, r.stderr)
    assert.not.match(r.stderr, /constraint/i)
  }
  const live = JSON.parse((await sb.wt(['list', '--json'])).stdout) as Array<{ bead: string; name: string }>
  assert.is(live.length, 3, 'capacity filled exactly')
  assert.is(new Set(live.map((w) => w.bead)).size, 3, 'three different beads')
  for (const w of live) assert.ok(beads.some((b) => b.id === w.bead))
  for (const w of live) await sb.wt(['kill', w.name, '--force'])
})

test.run()
