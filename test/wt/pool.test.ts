// The worker pool in-process, against a real tmux server on a private socket and real git repos.
import { execFileSync } from 'node:child_process'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { eventually, fakeAgent, gitIn, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('worker pool')
let sb: Sandbox

t.before(async () => {
  sb = await sandbox('pool')
})
t.after(() => sb.cleanup())

const sessions = () => sb.sessions()
const branches = () => gitIn(sb.repo, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort()
const worktreeDirs = () => (existsSync(join(sb.dir, 'worktrees')) ? readdirSync(join(sb.dir, 'worktrees')) : [])
const errorOf = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return e as Error & { code?: string }
  }
  throw new Error('expected a refusal')
}

/** Asserts that a failed spawn left nothing: no session, worktree, branch, live record or claim. */
async function assertNothingLeft(bead?: string, records = 0) {
  const pool = await sb.pool()
  try {
    assert.equal(sessions(), [], 'no tmux session')
    assert.equal(worktreeDirs(), [], 'no worktree')
    assert.equal(
      branches().filter((b) => b === bead || b === 'main'),
      ['main'],
      'no branch',
    )
    assert.is((await pool.list({ all: true })).length, records, 'no worker record')
    if (bead) {
      const issue = await sb.issue(bead)
      assert.is(issue.status, 'open')
      assert.is(issue.assignee, undefined)
    }
  } finally {
    await pool.close()
  }
}

t('spawn: claims the bead, worktree on its branch, session env, prompt typed once ready', async () => {
  const pool = await sb.pool()
  pool.config.set('ports', '5432,3000', 'demo')
  const bead = await sb.bead({ title: 'Add the login form', description: 'Build it with care.', acceptance_criteria: 'The form submits.' })
  const { worker, prompt } = await pool.spawn({ bead: bead.id })
  try {
    assert.is(worker.name, 'toast')
    assert.is(prompt, 'keys')
    assert.equal(sessions(), ['toast'])
    assert.is(gitIn(worker.worktree, 'rev-parse', '--abbrev-ref', 'HEAD'), bead.id)
    const issue = await sb.issue(bead.id)
    assert.is(issue.status, 'in_progress')
    assert.is(issue.assignee, 'toast')
    const log = await eventually(() => {
      const l = sb.agentLog('toast')
      return l.some((e) => e.text?.includes('wt done')) && l
    })
    const env = log[0]!.env!
    assert.is(env.WT_SESSION, 'toast')
    assert.is(env.WT_BEAD, bead.id)
    assert.is(env.WT_PROJECT, 'demo')
    assert.is(env.BEADS_DIR, join(sb.repo, '.beads'))
    assert.is(env.PORT_OFFSET, '1')
    assert.is(env.WT_PORT_5432, '15432')
    assert.is(env.WT_PORT_3000, '13000')
    const text = log.map((e) => e.text ?? '').join('\n')
    for (const part of [bead.id, 'Add the login form', 'Build it with care.', 'The form submits.', 'wt signal', 'wt done']) assert.ok(text.includes(part), part)
    const [row] = await pool.list()
    assert.is(row!.name, 'toast')
    assert.is(row!.bead, bead.id)
    assert.is(row!.port_offset, 1)
    assert.is(row!.base_commit, gitIn(sb.repo, 'rev-parse', 'main'))
  } finally {
    pool.config.unset('ports', 'demo')
    await pool.kill('toast')
    await pool.close()
  }
  assert.equal(sessions(), [])
  assert.equal(worktreeDirs(), [])
  assert.is((await sb.issue(bead.id)).status, 'open')
})

t('refusals roll back completely: unknown bead, epic, missing agent, failing on_create, agent that exits', async () => {
  const pool = await sb.pool()
  const before = (await pool.list({ all: true })).length
  try {
    assert.is((await errorOf(pool.spawn({ bead: 't-nope' }))).code, 'NOT_FOUND')
    const epic = await sb.bead({ title: 'Big', issue_type: 'epic' })
    assert.match((await errorOf(pool.spawn({ bead: epic.id }))).message, /is an epic/)
    const bead = await sb.bead({ title: 'Plain' })
    pool.config.set('agent.command', 'no-such-agent-binary-xyz', 'demo')
    const missing = await errorOf(pool.spawn({ bead: bead.id }))
    assert.is(missing.code, 'UNAVAILABLE')
    assert.match(missing.message, /no-such-agent-binary-xyz/)
    pool.config.unset('agent.command', 'demo')
    await assertNothingLeft(bead.id, before)
    // Failures after the claim and the worktree: everything taken is given back.
    pool.config.set('hooks.on_create', 'echo setting up; exit 3', 'demo')
    assert.match((await errorOf(pool.spawn({ bead: bead.id }))).message, /hooks.on_create failed \(exit 3\)/)
    pool.config.unset('hooks.on_create', 'demo')
    await assertNothingLeft(bead.id, before)
    pool.config.set('agent.command', `${process.execPath} -e process.exit(4)`, 'demo')
    assert.match((await errorOf(pool.spawn({ bead: bead.id }))).message, /agent exited/)
    pool.config.unset('agent.command', 'demo')
    await assertNothingLeft(bead.id, before)
  } finally {
    await pool.close()
  }
})

t('a bead with a live worker is refused, naming the worker; the first worker is untouched', async () => {
  const pool = await sb.pool()
  try {
    const bead = await sb.bead({ title: 'Only once' })
    await pool.spawn({ bead: bead.id, noPrompt: true })
    const dup = await errorOf(pool.spawn({ bead: bead.id }))
    assert.is(dup.code, 'DUPLICATE')
    assert.match(dup.message, /live worker: toast/)
    assert.equal(sessions(), ['toast'])
    assert.is((await pool.list()).length, 1)
    await pool.kill('toast')
  } finally {
    await pool.close()
  }
})

t('names and port offsets are reused after a worker ends; worker rows keep their own ids', async () => {
  const pool = await sb.pool()
  try {
    const [a, b, c] = [await sb.bead({ title: 'a' }), await sb.bead({ title: 'b' }), await sb.bead({ title: 'c' })]
    const wa = (await pool.spawn({ bead: a.id, noPrompt: true })).worker
    const wb = (await pool.spawn({ bead: b.id, noPrompt: true })).worker
    assert.equal([wa.name, wa.port_offset, wb.name, wb.port_offset], ['toast', 1, 'shadow', 2])
    await pool.kill(wa.name)
    const wc = (await pool.spawn({ bead: c.id, noPrompt: true })).worker
    assert.equal([wc.name, wc.port_offset], ['toast', 1])
    assert.is.not(wc.id, wa.id)
    const toasts = (await pool.list({ all: true })).filter((w) => w.name === 'toast')
    assert.is(new Set(toasts.map((w) => w.id)).size, toasts.length)
    assert.is(toasts.filter((w) => !w.ended_at).length, 1)
    await pool.kill('toast')
    await pool.kill('shadow')
  } finally {
    await pool.close()
  }
})

t('send: $(...), backticks, quotes, ; and newlines arrive literally, never run; /help gets the Dispatch prefix', async () => {
  const pool = await sb.pool()
  const marker = join(sb.dir, 'pwned')
  try {
    const bead = await sb.bead({ title: `Title with $(touch ${marker}) and \`touch ${marker}\` "q" 'q'; done` })
    const { worker } = await pool.spawn({ bead: bead.id })
    const hostile = `run $(touch ${marker}); then \`touch ${marker}\` "double" 'single' \\ back;`
    const r1 = await pool.send(worker.name, hostile)
    assert.ok(r1.verified)
    await pool.send(worker.name, '/help me\nsecond line;')
    await pool.send(worker.name, '/compact', { raw: true })
    const lines = await eventually(() => {
      const l = sb
        .agentLog(worker.name)
        .filter((e) => e.type === 'line')
        .map((e) => e.text!)
      return l.includes('/compact') && l
    })
    // This agent has no bracketed paste: a multi-line text arrives as one line, breaks shown as ⏎.
    const prompt = lines.filter((l) => l.startsWith(`You are worker ${worker.name}, assigned bead ${bead.id}: ${bead.title} ⏎ `))
    assert.is(prompt.length, 1, 'the whole first prompt is one submission, title literal')
    assert.ok(prompt[0]!.includes('wt done'))
    assert.ok(lines.includes(`Dispatch: ${hostile}`))
    assert.ok(lines.includes('Dispatch: /help me ⏎ second line;'))
    assert.not.ok(lines.some((l) => l.startsWith('/help')))
    assert.is(lines.filter((l) => l === `Dispatch: ${hostile}`).length, 1, 'exactly once')
    assert.not.ok(existsSync(marker), 'nothing was executed')
    // Concurrent senders to one worker are serialised: every message arrives whole, once.
    const words = ['alpha', 'beta', 'gamma'].map((w) => `${w} `.repeat(40).trim())
    await Promise.all(words.map((w) => pool.send(worker.name, w)))
    const after = await eventually(() => {
      const l = sb
        .agentLog(worker.name)
        .filter((e) => e.type === 'line')
        .map((e) => e.text!)
      return words.every((w) => l.includes(`Dispatch: ${w}`)) && l
    })
    for (const w of words) assert.is(after.filter((l) => l === `Dispatch: ${w}`).length, 1)
    await pool.kill(worker.name)
  } finally {
    await pool.close()
  }
})

t('a session killed outside wt makes the worker dead (kept, listed); kill then ends it', async () => {
  const pool = await sb.pool()
  try {
    const bead = await sb.bead({ title: 'fragile' })
    const { worker } = await pool.spawn({ bead: bead.id, noPrompt: true })
    sb.tmux('kill-session', '-t', `=${worker.name}`)
    const [row] = await pool.list()
    assert.is(row!.state, 'dead')
    assert.is(row!.name, worker.name)
    assert.is((await errorOf(pool.send(worker.name, 'hi'))).code, 'UNAVAILABLE')
    const events = await pool.events({ worker: worker.name })
    assert.ok(events.some((e) => e.type === 'dead'))
    await pool.kill(worker.name)
    assert.equal(await pool.list(), [])
    assert.is((await sb.issue(bead.id)).status, 'open')
  } finally {
    await pool.close()
  }
})

t('dirty worktree: kill and close refuse (nothing changes) until --force', async () => {
  const pool = await sb.pool()
  try {
    const bead = await sb.bead({ title: 'dirty' })
    const { worker } = await pool.spawn({ bead: bead.id, noPrompt: true })
    writeFileSync(join(worker.worktree, 'scratch.txt'), 'unsaved work')
    const k = await errorOf(pool.kill(worker.name))
    assert.is(k.code, 'CONFLICT')
    assert.match(k.message, /uncommitted changes: scratch.txt/)
    assert.is((await errorOf(pool.closeWorker(worker.name))).code, 'CONFLICT')
    assert.equal(sessions(), [worker.name])
    assert.ok(existsSync(join(worker.worktree, 'scratch.txt')))
    assert.is((await sb.issue(bead.id)).assignee, worker.name)
    await pool.kill(worker.name, { force: true })
    assert.equal(sessions(), [])
    assert.not.ok(existsSync(worker.worktree))
    assert.ok(branches().includes(bead.id), 'kill keeps the branch')
    // A new worker on the same bead picks the kept branch up again.
    const again = (await pool.spawn({ bead: bead.id, noPrompt: true })).worker
    assert.is(gitIn(again.worktree, 'rev-parse', '--abbrev-ref', 'HEAD'), bead.id)
    assert.is(again.base_commit, gitIn(sb.repo, 'merge-base', 'main', bead.id))
    await pool.kill(again.name)
  } finally {
    await pool.close()
  }
})

t('close with zero commits keeps the bead open; close after a merge closes it and deletes the branch', async () => {
  const pool = await sb.pool()
  try {
    const idle = await sb.bead({ title: 'nothing done' })
    const w1 = (await pool.spawn({ bead: idle.id, noPrompt: true })).worker
    const r1 = await pool.closeWorker(w1.name)
    assert.is(r1.bead_status, 'open')
    assert.match(r1.notes.join(' '), /no commits beyond its base/)
    assert.is((await sb.issue(idle.id)).assignee, undefined)

    const merged = await sb.bead({ title: 'merged by hand' })
    const w2 = (await pool.spawn({ bead: merged.id, noPrompt: true })).worker
    writeFileSync(join(w2.worktree, 'feature.txt'), 'x\n')
    gitIn(w2.worktree, 'add', 'feature.txt')
    gitIn(w2.worktree, 'commit', '-qm', 'feature')
    gitIn(sb.repo, 'merge', '-q', '--ff-only', merged.id)
    const r2 = await pool.closeWorker(w2.name)
    assert.is(r2.bead_status, 'closed')
    assert.ok(r2.branch_deleted)
    assert.not.ok(branches().includes(merged.id))
  } finally {
    await pool.close()
  }
})

t('done (direct): rebases, merges into the base, closes the bead, removes the worktree, ends the session', async () => {
  const hub = await sb.pool()
  const bead = await sb.bead({ title: 'finish me' })
  const { worker } = await hub.spawn({ bead: bead.id, noPrompt: true })
  await hub.close()
  writeFileSync(join(worker.worktree, 'done.txt'), 'finished\n')
  gitIn(worker.worktree, 'add', 'done.txt')
  gitIn(worker.worktree, 'commit', '-qm', 'finish the bead')
  writeFileSync(join(sb.repo, 'other.txt'), 'main moved on\n')
  gitIn(sb.repo, 'add', 'other.txt')
  gitIn(sb.repo, 'commit', '-qm', 'main moves')
  const inside = await sb.pool(worker.worktree)
  let reported = ''
  try {
    const r = await inside.done({}, (x) => (reported = x.worker))
    assert.is(reported, worker.name)
    assert.is(r.bead_status, 'closed')
    assert.ok(r.worktree_removed)
    assert.ok(r.branch_deleted)
  } finally {
    await inside.close()
  }
  assert.ok(existsSync(join(sb.repo, 'done.txt')), 'merged into the main checkout')
  assert.is(gitIn(sb.repo, 'log', '-1', '--format=%s'), 'finish the bead')
  assert.not.ok(existsSync(worker.worktree))
  assert.not.ok(sessions().includes(worker.name))
  const hub2 = await sb.pool()
  try {
    const row = (await hub2.list({ all: true })).find((w) => w.id === worker.id)!
    assert.is(row.end_reason, 'done')
  } finally {
    await hub2.close()
  }
})

const commitFile = (dir: string, file: string, text: string, message: string) => {
  writeFileSync(join(dir, file), text)
  gitIn(dir, 'add', file)
  gitIn(dir, 'commit', '-qm', message)
}

/**
 * A worker with one commit while main moved on; `wt done` from inside it fails with the returned
 * error, and the worker, its worktree and its bead must be exactly as they were.
 */
async function refusedDone(
  title: string,
  worktreeEdit: [file: string, text: string],
  mainEdit: [file: string, text: string],
  around: { before?: () => void; after?: () => void } = {},
) {
  const hub = await sb.pool()
  const bead = await sb.bead({ title })
  const { worker } = await hub.spawn({ bead: bead.id, noPrompt: true })
  commitFile(worker.worktree, ...worktreeEdit, 'worker work')
  commitFile(sb.repo, ...mainEdit, 'main moves on')
  around.before?.()
  const inside = await sb.pool(worker.worktree)
  let e: Awaited<ReturnType<typeof errorOf>>
  try {
    e = await errorOf(inside.done({}, () => undefined))
  } finally {
    around.after?.()
    await inside.close()
  }
  assert.ok(sessions().includes(worker.name))
  assert.is(gitIn(worker.worktree, 'status', '--porcelain'), '')
  assert.is(gitIn(worker.worktree, 'log', '-1', '--format=%s'), 'worker work')
  assert.is((await sb.issue(bead.id)).status, 'in_progress')
  const row = (await hub.list()).find((w) => w.id === worker.id)
  assert.ok(row && !row.ended_at && !['dead', 'exited', 'done'].includes(row.state), row?.state)
  await hub.kill(worker.name)
  await hub.close()
  return e
}

t('done with a rebase conflict lists the files and keeps the worker as it was', async () => {
  const e = await refusedDone('conflicting', ['README.md', 'worker version\n'], ['README.md', 'main version\n'])
  assert.is(e.code, 'CONFLICT')
  assert.match(e.message, /README\.md/)
})

t('done whose rebase fails without a conflict says what git said, not "conflicts", and keeps the worker', async () => {
  const hook = join(sb.repo, '.git', 'hooks', 'pre-rebase')
  const e = await refusedDone('refused by a hook', ['hooked.txt', 'work\n'], ['moved.txt', 'main moved\n'], {
    before: () => writeFileSync(hook, '#!/bin/sh\necho "rebases are frozen today" >&2\nexit 1\n', { mode: 0o755 }),
    after: () => rmSync(hook),
  })
  assert.is(e.code, 'FAILED')
  assert.match(e.message, /rebase of .* on main failed: .*rebases are frozen today/s)
  assert.not.match(e.message, /conflict/)
})

t('new --ready fills up to max from ready beads, skips epics, and is repeatable without duplicates', async () => {
  const pool = await sb.pool()
  try {
    const r1 = await pool.fill({ max: 2, noPrompt: true })
    assert.is(r1.spawned.length, 2)
    assert.is(r1.live, 2)
    const r2 = await pool.fill({ max: 2, noPrompt: true })
    assert.is(r2.spawned.length, 0)
    const r3 = await pool.fill({ max: 3, noPrompt: true })
    assert.is(r3.spawned.length, 1)
    const live = await pool.list()
    assert.is(new Set(live.map((w) => w.bead)).size, 3)
    for (const w of live) assert.is.not((await sb.issue(w.bead)).issue_type, 'epic')
    for (const w of live) await pool.kill(w.name)
  } finally {
    await pool.close()
  }
})

t('a tmux session that is not a worker keeps its name: the pool picks the next one', async () => {
  sb.tmux('new-session', '-d', '-s', 'toast', 'sleep', '60')
  const pool = await sb.pool()
  try {
    const bead = await sb.bead({ title: 'name clash' })
    const { worker } = await pool.spawn({ bead: bead.id, noPrompt: true })
    assert.is(worker.name, 'shadow')
    assert.is((await errorOf(pool.spawn({ bead: (await sb.bead({ title: 'x' })).id, name: 'toast' }))).code, 'DUPLICATE')
    await pool.kill(worker.name)
  } finally {
    sb.tmux('kill-session', '-t', '=toast')
    await pool.close()
  }
})

/** An executable script in the sandbox. */
const script = (name: string, body: string) => {
  const file = join(sb.dir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

t('wt new: an agent that dies a second after starting is a failure, rolled back, with the last lines of its pane', async () => {
  const before = (await (await sb.pool()).list({ all: true })).length
  const agent = script('dies-late.sh', `echo "Welcome to the agent"\nsleep 1\necho "Error: first-run failure (no API key)"\nexit 3`)
  const bead = await sb.bead({ title: 'dies during start-up' })
  const pool = await sb.pool()
  try {
    for (const [k, v] of Object.entries({ 'agent.command': agent, 'agent.prompt_via': 'arg', 'agent.start_check': '3' })) pool.config.set(k, v, 'demo')
    const failed = await sb.wt(['new', bead.id, '--no-switch'])
    assert.is(failed.code, 1, failed.stdout)
    // tmux may not have the exit status yet when it reports the pane dead (then the screen's reason is given).
    assert.match(
      failed.stderr,
      /the agent exited during start-up( \((status 3|tmux: pane is dead)\))?; every step was undone; its pane's last lines: .*Error: first-run failure \(no API key\)\n/,
      failed.stderr,
    )
    for (const k of ['agent.command', 'agent.prompt_via', 'agent.start_check']) pool.config.unset(k, 'demo')
  } finally {
    await pool.close()
  }
  await assertNothingLeft(bead.id, before)
})

t('a wrapper script that runs the agent without exec is alive (its pane runs sh, the agent beneath); send reaches the agent', async () => {
  const wrapper = script('wrapper.sh', `export WRAPPED=1\n'${process.execPath}' '${fakeAgent}' '${sb.logs}' "$@"\necho "agent ended"`)
  const pool = await sb.pool()
  try {
    for (const [k, v] of Object.entries({ 'agent.command': wrapper, 'agent.preset': 'claude', 'agent.prompt_via': 'keys' })) pool.config.set(k, v, 'demo')
    const bead = await sb.bead({ title: 'wrapped agent' })
    const { worker } = await pool.spawn({ bead: bead.id })
    assert.match(sb.tmux('display-message', '-p', '-t', `=${worker.name}:`, '#{pane_current_command}'), /^(sh|dash|bash)\s*$/)
    const view = (await pool.list()).find((w) => w.name === worker.name)!
    assert.is.not(view.state, 'exited', JSON.stringify(view.evidence))
    await pool.send(worker.name, 'still there?')
    await eventually(() => sb.agentLog(worker.name).some((e) => e.text === 'Dispatch: still there?'))
    // The agent ends, the wrapper after it: now it has exited.
    sb.tmux('send-keys', '-t', `=${worker.name}:`, 'C-d')
    await eventually(async () => (await pool.list()).find((w) => w.name === worker.name)!.state === 'exited', 10_000)
    await pool.kill(worker.name, { force: true })
  } finally {
    for (const k of ['agent.command', 'agent.preset', 'agent.prompt_via']) pool.config.unset(k, 'demo')
    await pool.close()
  }
})

t('nested-session variables of a hub running inside Claude Code never reach a worker, even when wt starts the tmux server', async () => {
  const socket = `${sb.socket}-nested`
  const env = { CLAUDECODE: '1', CLAUDE_CODE_ENTRYPOINT: 'cli', WT_TMUX_SOCKET: socket }
  const bead = await sb.bead({ title: 'nested hub' })
  try {
    const r = await sb.wt(['new', bead.id, '--no-switch'], { env })
    assert.is(r.code, 0, r.stderr)
    const name = r.stdout.trim()
    const start = await eventually(() => sb.agentLog(name).find((e) => e.type === 'start'))
    assert.is(start.env!.CLAUDECODE, undefined)
    assert.is(start.env!.CLAUDE_CODE_ENTRYPOINT, undefined)
    assert.is(start.env!.WT_SESSION, name)
    // The server wt started does not hold them either (new panes of any kind inherit its environment).
    const global = execFileSync('tmux', ['-L', socket, 'show-environment', '-g'], { encoding: 'utf8' })
    assert.not.match(global, /^CLAUDECODE=/m)
    assert.is((await sb.wt(['kill', name, '--force'], { env })).code, 0)
  } finally {
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
    } catch {
      // already gone
    }
  }
})

t.run()
