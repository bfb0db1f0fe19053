// wt land on real git repositories and a real pool (fake agents on a private tmux socket): three
// finished workers where the second conflicts once the first has landed and the third fails its
// gate; escalation after land.max_attempts; an interrupted landing resumed.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { eventually, gitIn, sandbox, type Sandbox, wtBin } from '../_support/wt.js'

const t = suite('wt land')
let sb: Sandbox

t.before(async () => {
  sb = await sandbox('land')
  writeFileSync(join(sb.repo, 'shared.txt'), 'one\ntwo\nthree\n')
  gitIn(sb.repo, 'add', 'shared.txt')
  gitIn(sb.repo, 'commit', '-qm', 'shared file')
  const pool = await sb.pool()
  // The gate fails in a worktree that holds a `fail-gate` file, the way a test suite fails.
  pool.config.set(
    'land.gate',
    'if [ -e fail-gate ]; then echo "running 12 tests"; echo "FAIL checkout total: expected 2, got 3"; echo "1 failed, 11 passed"; exit 1; fi; echo "12 passed"',
  )
  await pool.close()
})
t.after(() => sb.cleanup())

const edit = (dir: string, file: string, text: string) => writeFileSync(join(dir, file), text)
const commit = (dir: string, message: string) => {
  gitIn(dir, 'add', '-A')
  gitIn(dir, 'commit', '-qm', message)
}
const log = (ref = 'main') => gitIn(sb.repo, 'log', '--format=%s', ref).split('\n')
const linesTo = (worker: string) =>
  sb
    .agentLog(worker)
    .filter((e) => e.type === 'line')
    .map((e) => e.text ?? '')

async function finishedWorker(title: string, priority: number, work: (dir: string) => void) {
  const bead = await sb.bead({ title, priority })
  const pool = await sb.pool()
  try {
    const { worker } = await pool.spawn({ bead: bead.id, noPrompt: true })
    work(worker.worktree)
    const said = await sb.wt(['signal', 'done', 'ready to land'], { cwd: worker.worktree })
    assert.is(said.code, 0, said.stderr)
    return { bead, worker }
  } finally {
    await pool.close()
  }
}

t('wt land --all: the first lands, the second conflicts once it has, the third fails its gate; base, beads, messages and events', async () => {
  // Spawned in reverse priority order: the queue, not the spawn order, decides.
  const third = await finishedWorker('third: fails its gate', 2, (dir) => {
    edit(dir, 'third.txt', 'third\n')
    edit(dir, 'fail-gate', 'x\n')
    commit(dir, 'third: its own file (and a failing test)')
  })
  const second = await finishedWorker('second: edits the shared line too', 1, (dir) => {
    edit(dir, 'shared.txt', 'one by second\ntwo\nthree\n')
    commit(dir, 'second: shared line')
  })
  const first = await finishedWorker('first: edits the shared line', 0, (dir) => {
    edit(dir, 'shared.txt', 'one by first\ntwo\nthree\n')
    commit(dir, 'first: shared line')
  })
  const secondTip = gitIn(sb.repo, 'rev-parse', second.worker.branch)
  const thirdTip = gitIn(sb.repo, 'rev-parse', third.worker.branch)
  // Before anything lands, each one alone would merge cleanly into main.
  const dry = await sb.wt(['land', '--all', '--dry-run', '--json'])
  assert.is(dry.code, 0, dry.stderr)
  assert.equal(
    JSON.parse(dry.stdout).outcomes.map((o: { worker: string; result: string }) => [o.worker, o.result]),
    [
      [first.worker.name, 'would_land'],
      [second.worker.name, 'would_land'],
      [third.worker.name, 'would_land'],
    ],
  )
  assert.equal(log(), ['shared file', 'init'], 'a dry run changes nothing')

  const run = await sb.wt(['land', '--all'])
  // The transcript the report quotes.
  console.log(`\n$ wt land --all\n${run.stdout}${run.stderr}(exit ${run.code})\n`)
  assert.is(run.code, 1, `two of three did not land: exit 1\n${run.stderr}`)
  assert.match(run.stdout, new RegExp(`${first.worker.name} ${first.bead.id}: landed → main at [0-9a-f]{12}`))
  assert.match(
    run.stdout,
    new RegExp(`${second.worker.name} ${second.bead.id}: not landed: rebase conflicts in shared.txt · sent back to ${second.worker.name} \\(attempt 1\\)`),
  )
  assert.match(
    run.stdout,
    new RegExp(`${third.worker.name} ${third.bead.id}: not landed: gate failed \\(exit 1\\) · sent back to ${third.worker.name} \\(attempt 1\\)`),
  )
  assert.match(run.stdout, /1 landed, 2 not landed/)

  // Base: exactly the first worker's commit on top, fast-forward (no merge commit), files updated.
  assert.equal(log(), ['first: shared line', 'shared file', 'init'])
  assert.is(gitIn(sb.repo, 'rev-list', '--merges', 'main'), '')
  assert.is(readFileSync(join(sb.repo, 'shared.txt'), 'utf8'), 'one by first\ntwo\nthree\n')
  // The second is untouched; the third was rebased onto the new main (its gate ran there).
  assert.is(gitIn(sb.repo, 'rev-parse', second.worker.branch), secondTip)
  assert.equal(log(third.worker.branch), ['third: its own file (and a failing test)', 'first: shared line', 'shared file', 'init'])
  assert.is.not(gitIn(sb.repo, 'rev-parse', third.worker.branch), thirdTip)
  assert.is(gitIn(third.worker.worktree, 'status', '--porcelain'), '', 'its worktree follows its branch')

  // Beads: the first closed, the other two still with their workers.
  assert.is((await sb.issue(first.bead.id)).status, 'closed')
  assert.match((await sb.issue(first.bead.id)).close_reason ?? '', /landed on main at [0-9a-f]{12} by wt land/)
  for (const w of [second, third]) {
    const issue = await sb.issue(w.bead.id)
    assert.equal([issue.status, issue.assignee], ['in_progress', w.worker.name])
  }
  // Workers: the first ended (session, worktree and branch gone), the others alive.
  assert.equal(sb.sessions().sort(), [second.worker.name, third.worker.name].sort())
  assert.not.ok(existsSync(first.worker.worktree))
  assert.is(gitIn(sb.repo, 'branch', '--list', first.worker.branch), '')

  // What the fake agents received: the failure, each its own, through safe delivery.
  const toSecond = await eventually(() => linesTo(second.worker.name).find((l) => l.includes('wt land')))
  assert.match(toSecond!, /does not rebase cleanly onto main: conflicts in shared\.txt\. main is unchanged/)
  const toThird = await eventually(() => linesTo(third.worker.name).find((l) => l.includes('wt land')))
  assert.match(toThird!, /the gate `if \[ -e fail-gate \].*` failed \(exit 1\)/)
  assert.match(toThird!, /FAIL checkout total: expected 2, got 3/)
  assert.match(toThird!, /1 failed, 11 passed/)
  assert.equal(linesTo(first.worker.name), [], 'the landed worker was told nothing')

  // Events: every step, per worker, in order.
  const pool = await sb.pool()
  try {
    const events = await pool.events({ limit: 500 })
    const steps = (w: { bead: { id: string } }) =>
      events.filter((e) => e.bead === w.bead.id && (e.type.startsWith('land_') || e.type === 'sent' || e.type === 'done')).map((e) => e.type)
    assert.equal(steps(first), ['land_started', 'land_rebased', 'land_gate_passed', 'land_merged', 'land_bead_closed', 'done', 'land_landed'])
    assert.equal(steps(second), ['land_started', 'land_failed', 'sent', 'land_sent_back'])
    assert.equal(steps(third), ['land_started', 'land_rebased', 'land_branch_moved', 'land_failed', 'sent', 'land_sent_back'])
    const failure = events.find((e) => e.worker === second.worker.name && e.type === 'land_failed')!
    assert.equal(failure.data!.files, ['shared.txt'])
  } finally {
    await pool.close()
  }
})

t('after land.max_attempts a failing worker is escalated instead of sent back, and --all leaves it to a person', async () => {
  const pool = await sb.pool()
  try {
    pool.config.set('land.max_attempts', '2')
    const live = await pool.list()
    const third = live.find((w) => w.title.startsWith('third'))!
    const before = linesTo(third.name).length
    const r = await pool.land({ names: [third.name] })
    assert.equal(
      r.outcomes.map((o) => [o.worker, o.result, o.attempts, o.escalated, o.sent_back]),
      [[third.name, 'gate_failed', 2, true, undefined]],
    )
    assert.is(linesTo(third.name).length, before, 'not sent back again')
    const events = await pool.events({ limit: 500 })
    assert.ok(events.some((e) => e.worker === third.name && e.type === 'land_escalated'))
    const h = await sb.issue(third.bead)
    assert.is(h.status, 'in_progress')
    const all = await pool.land({ all: true })
    assert.ok(
      all.skipped.some((s) => s.name === third.name && /escalated after 2 failed landings/.test(s.reason)),
      JSON.stringify(all.skipped),
    )
    assert.is(
      all.outcomes.find((o) => o.worker === third.name),
      undefined,
    )
  } finally {
    pool.config.unset('land.max_attempts')
    await pool.close()
  }
})

t('an interrupted wt land leaves no half-rebased branch, and the next one resumes it', async () => {
  const w = await finishedWorker('fourth: lands after an interruption', 0, (dir) => {
    edit(dir, 'fourth.txt', 'fourth\n')
    commit(dir, 'fourth: its own file')
  })
  // main moves on, so the landing has a real rebase to do.
  edit(sb.repo, 'main.txt', 'main\n')
  gitIn(sb.repo, 'add', 'main.txt')
  gitIn(sb.repo, 'commit', '-qm', 'main moves on')
  const tip = gitIn(sb.repo, 'rev-parse', w.worker.branch)
  const marker = join(sb.dir, 'gate-started')
  // A gate that says it started, then hangs: the wt land running it is killed there.
  const land = spawn(process.execPath, [wtBin, 'land', w.worker.name, '--gate', `echo $$ > ${marker}; sleep 60`], {
    cwd: sb.repo,
    env: sb.env,
    stdio: 'ignore',
  })
  const gatePid = Number(await eventually(() => existsSync(marker) && readFileSync(marker, 'utf8').trim(), 15000))
  land.kill('SIGKILL')
  await new Promise((r) => land.once('exit', r))
  process.kill(gatePid, 'SIGKILL')

  // Interrupted at the gate: no rebase in progress anywhere, the branch at its rebased tip, main untouched.
  const gitDir = gitIn(w.worker.worktree, 'rev-parse', '--absolute-git-dir')
  assert.not.ok(existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply')), 'no rebase in progress')
  assert.is(gitIn(w.worker.worktree, 'status', '--porcelain'), '')
  assert.equal(log(w.worker.branch).slice(0, 2), ['fourth: its own file', 'main moves on'])
  assert.is.not(gitIn(sb.repo, 'rev-parse', w.worker.branch), tip)
  assert.equal(log().slice(0, 1), ['main moves on'])
  assert.equal(
    execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: sb.repo, encoding: 'utf8' }).match(/detached/g),
    null,
    'no scratch worktree left',
  )

  // The next wt land (any workers) picks it up where it stopped.
  const pool = await sb.pool()
  try {
    const r = await pool.land({ names: [w.worker.name], gate: 'true' })
    assert.equal(r.resumed, [{ worker: w.worker.name, from: 'gate' }])
    assert.equal(
      r.outcomes.map((o) => [o.worker, o.result]),
      [[w.worker.name, 'landed']],
    )
    assert.equal(log().slice(0, 2), ['fourth: its own file', 'main moves on'])
    assert.is((await sb.issue(w.bead.id)).status, 'closed')
    // Names are reused once a worker ends: this bead's events are this worker's.
    const types = (await pool.events({ limit: 500 }))
      .filter((e) => e.bead === w.bead.id)
      .map((e) => e.type)
      .filter((x) => x.startsWith('land_'))
    assert.equal(types, [
      'land_started',
      'land_rebased',
      'land_branch_moved',
      'land_resumed',
      'land_gate_passed',
      'land_merged',
      'land_bead_closed',
      'land_landed',
    ])
  } finally {
    await pool.close()
  }
})

t('bad input: neither workers nor --all is a usage error; an unknown worker or empty gate changes nothing', async () => {
  const none = await sb.wt(['land'])
  assert.is(none.code, 2)
  const both = await sb.wt(['land', 'x', '--all'])
  assert.is(both.code, 2)
  const head = gitIn(sb.repo, 'rev-parse', 'main')
  const unknown = await sb.wt(['land', 'nobody', '--json'])
  assert.is(unknown.code, 1)
  assert.is(JSON.parse(unknown.stdout).error.code, 'NOT_FOUND')
  assert.match(unknown.stderr, /nobody/)
  const empty = await sb.wt(['land', '--all', '--gate', ' '])
  assert.is(empty.code, 1)
  assert.match(empty.stderr, /invalid --gate/)
  assert.is(gitIn(sb.repo, 'rev-parse', 'main'), head)
})

t.run()
