// End-to-end: the built `wt` CLI against a private tmux socket, temp WT_HOME and a temp repo.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { eventually, fakeAgent, gitIn, sandbox, type Sandbox, wtBin } from '../_support/wt.js'

const t = suite('wt cli')
let sb: Sandbox

t.before(async () => {
  sb = await sandbox('cli')
})
t.after(() => sb.cleanup())

const json = <T>(r: { stdout: string; stderr: string; code: number }): T => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

interface Row {
  name: string
  bead: string
  port_offset: number
  state: string
  signal: string | null
  message: string | null
  worktree: string
}

t('4 concurrent `wt new` on 4 beads: distinct names and offsets, every record kept, every bead claimed', async () => {
  const beads = []
  // One by one: two connections of one process writing at once would block each other (sync SQLite).
  for (const title of ['one', 'two', 'three', 'four']) beads.push(await sb.bead({ title }))
  const results = await Promise.all(beads.map((b) => sb.wt(['new', b.id, '--no-switch', '--json'])))
  const spawned = results.map((r) => json<{ name: string; bead: string; port_offset: number }>(r))
  assert.is(new Set(spawned.map((s) => s.name)).size, 4)
  assert.is(new Set(spawned.map((s) => s.port_offset)).size, 4)
  assert.equal(spawned.map((s) => s.port_offset).sort(), [1, 2, 3, 4])
  const rows = json<Row[]>(await sb.wt(['list', '--json']))
  assert.equal(rows.map((r) => r.bead).sort(), beads.map((b) => b.id).sort())
  for (const s of spawned) assert.is((await sb.issue(s.bead)).assignee, s.name)
  // plain `wt` lists too
  const plain = await sb.wt([])
  for (const s of spawned) assert.ok(plain.stdout.includes(s.name))
})

t('`wt <unknown>` exits 1 with "no worker found"; names never shadow commands', async () => {
  const r = await sb.wt(['no-such-worker'])
  assert.is(r.code, 1)
  assert.match(r.stderr, /no worker found: no-such-worker/)
  const bad = await sb.wt(['new', 't-x', '--name', 'list'])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /is a wt command/)
})

t('signal, status and hook from inside a worktree; send from the hub; events record it all', async () => {
  const [w] = json<Row[]>(await sb.wt(['list', '--json']))
  const sig = await sb.wt(['signal', 'blocked', 'need', 'the', 'API', 'key'], { cwd: w!.worktree })
  assert.is(sig.code, 0, sig.stderr)
  const status = json<{ name: string; dirty: boolean; bead: string }>(await sb.wt(['status', '--json'], { cwd: join(w!.worktree) }))
  assert.equal([status.name, status.dirty, status.bead], [w!.name, false, w!.bead])
  const hook = await sb.wt(['hook', 'session-start'], {
    cwd: w!.worktree,
    input: JSON.stringify({ session_id: 'sess-1', transcript_path: '/x/sess-1.jsonl', cwd: w!.worktree, hook_event_name: 'SessionStart' }),
  })
  assert.is(hook.code, 0, hook.stderr)
  await sb.wt(['hook', 'prompt-submit'], { cwd: w!.worktree, input: '{}' })
  const row = json<Row[]>(await sb.wt(['list', '--json'])).find((r) => r.name === w!.name)!
  assert.equal([row.state, row.signal, row.message], ['working', 'blocked', 'need the API key'])
  const pool = await sb.pool()
  try {
    const sessions = await pool.ctx.state.db.selectFrom('agent_sessions').selectAll().execute()
    assert.equal(
      sessions.map((s) => [s.session_id, s.transcript_path]),
      [['sess-1', '/x/sess-1.jsonl']],
    )
  } finally {
    await pool.close()
  }
  // A hook outside any worker never fails the agent.
  const stray = await sb.wt(['hook', 'stop'], { cwd: sb.dir, input: '{}' })
  assert.is(stray.code, 0)
  const sent = await sb.wt(['send', w!.name, 'please', 'run $(id)'])
  assert.is(sent.code, 0, sent.stderr)
  await eventually(() => sb.agentLog(w!.name).some((e) => e.text === 'Dispatch: please run $(id)'))
  const events = json<Array<{ type: string; worker: string }>>(await sb.wt(['events', '--json', '-n', '100']))
  for (const type of ['spawned', 'signal', 'hook', 'state', 'sent'])
    assert.ok(
      events.some((e) => e.type === type),
      type,
    )
})

t('claude preset: prompt as the agent argument, hooks in settings.local.json, worktree stays clean', async () => {
  const pool = await sb.pool()
  pool.config.set('agent.preset', 'claude', 'demo')
  try {
    const bead = await sb.bead({ title: 'argv prompt', description: '/help is just text here' })
    const { worker, prompt } = await pool.spawn({ bead: bead.id })
    assert.is(prompt, 'arg')
    const start = await eventually(() => sb.agentLog(worker.name).find((e) => e.type === 'start'))
    assert.ok(start.argv![0]!.startsWith(`You are worker ${worker.name}, assigned bead ${bead.id}: argv prompt`))
    const settings = JSON.parse(readFileSync(join(worker.worktree, '.claude', 'settings.local.json'), 'utf8'))
    assert.match(settings.hooks.SessionStart[0].hooks[0].command, /run\.js' hook session-start$/)
    assert.is(gitIn(worker.worktree, 'status', '--porcelain'), '')
    assert.not.ok(existsSync(join(worker.worktree, '.claude', 'settings.json')))
  } finally {
    pool.config.unset('agent.preset', 'demo')
    await pool.close()
  }
})

t('wt kill ends them all; the list is empty and the beads are open again', async () => {
  const rows = json<Row[]>(await sb.wt(['list', '--json']))
  for (const r of rows) assert.is((await sb.wt(['kill', r.name, '--json'])).code, 0)
  assert.equal(json<Row[]>(await sb.wt(['list', '--json'])), [])
  const empty = await sb.wt(['list'])
  assert.match(empty.stdout, /No workers/)
  for (const r of rows) assert.is((await sb.issue(r.bead)).status, 'open')
})

t('Ctrl-C during `wt new` undoes every step taken so far', async () => {
  const bead = await sb.bead({ title: 'interrupted' })
  const pool = await sb.pool()
  pool.config.set('agent.ready_pattern', 'never-shown-xyz', 'demo')
  await pool.close()
  try {
    const child = spawn(process.execPath, [wtBin, 'new', bead.id, '--no-switch'], { cwd: sb.repo, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c) => (stderr += c))
    const exited = new Promise<number>((res) => child.on('close', (code) => res(code ?? -1)))
    await eventually(() => {
      try {
        return sb.tmux('list-sessions', '-F', '#{session_name}').trim() !== ''
      } catch {
        return false
      }
    }, 15000)
    child.kill('SIGINT')
    assert.is(await exited, 1)
    assert.match(stderr, /interrupted \(SIGINT\)/)
    assert.throws(() => sb.tmux('has-session', '-t', '=toast'))
    assert.not.ok(existsSync(join(sb.dir, 'worktrees', bead.id)))
    assert.not.ok(gitIn(sb.repo, 'branch', '--list', bead.id))
    assert.equal(json<Row[]>(await sb.wt(['list', '--json'])), [])
    const issue = await sb.issue(bead.id)
    assert.equal([issue.status, issue.assignee], ['open', undefined])
  } finally {
    const p2 = await sb.pool()
    p2.config.unset('agent.ready_pattern', 'demo')
    await p2.close()
  }
})

void fakeAgent
t.run()
