// wt conflicts on real git repositories and a real pool (fake agents, private tmux socket): three
// workers editing overlapping and disjoint files, the base moving under one of them, and
// `wt new --ready` keeping a bead that names a busy file back.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { gitIn, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt conflicts')
let sb: Sandbox

t.before(async () => {
  sb = await sandbox('conflicts')
  writeFileSync(join(sb.repo, 'shared.txt'), 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n')
  writeFileSync(join(sb.repo, 'notes.txt'), 'alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\neta\ntheta\n')
  gitIn(sb.repo, 'add', 'shared.txt', 'notes.txt')
  gitIn(sb.repo, 'commit', '-qm', 'files the workers edit')
})
t.after(() => sb.cleanup())

const edit = (dir: string, file: string, from: string, to: string) => {
  const path = join(dir, file)
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to))
}
const commit = (dir: string, message: string) => {
  gitIn(dir, 'add', '-A')
  gitIn(dir, 'commit', '-qm', message)
}
/** Everything git keeps about a worktree that a read must not change. */
const footprint = (dir: string) => {
  const gitDir = gitIn(dir, 'rev-parse', '--absolute-git-dir')
  const index = statSync(join(gitDir, 'index')).mtimeMs
  // Read as wt reads: without git's optional index refresh, which would itself rewrite the index.
  const status = execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } })
  return { status, head: gitIn(dir, 'rev-parse', 'HEAD'), index, stage: gitIn(dir, 'ls-files', '-s') }
}

t('three workers: a predicted conflict, an overlap git merges cleanly, a disjoint worker, and the base moving under one', async () => {
  const pool = await sb.pool()
  try {
    const a = await sb.bead({ title: 'edit the top of shared' })
    const b = await sb.bead({ title: 'edit the top of shared too' })
    const c = await sb.bead({ title: 'edit notes and readme' })
    const toast = (await pool.spawn({ bead: a.id, noPrompt: true })).worker
    const pearl = (await pool.spawn({ bead: b.id, noPrompt: true })).worker
    const third = (await pool.spawn({ bead: c.id, noPrompt: true })).worker
    edit(toast.worktree, 'shared.txt', 'one', 'one by toast')
    edit(toast.worktree, 'notes.txt', 'alpha', 'alpha by toast')
    commit(toast.worktree, 'toast edits')
    edit(pearl.worktree, 'shared.txt', 'one', 'one by pearl')
    commit(pearl.worktree, 'pearl edits')
    // The third edits the far end of notes.txt (toast edited its start): overlap, no conflict.
    edit(third.worktree, 'notes.txt', 'theta', 'theta by third')
    edit(third.worktree, 'README.md', 'hello', 'hello from third')
    commit(third.worktree, 'third edits')
    // Uncommitted work counts for overlap: pearl is about to touch notes.txt too.
    edit(pearl.worktree, 'notes.txt', 'delta', 'delta by pearl (not committed)')
    // The base moves: README.md changes on main under the third worker.
    edit(sb.repo, 'README.md', 'hello', 'hello from main')
    gitIn(sb.repo, 'commit', '-qam', 'main moves README')

    const before = [toast, pearl, third].map((w) => footprint(w.worktree))
    const mainBefore = footprint(sb.repo)
    const r = await pool.conflicts()
    assert.equal(
      [toast, pearl, third].map((w) => footprint(w.worktree)),
      before,
      'no worktree or index touched',
    )
    assert.equal(footprint(sb.repo), mainBefore)

    const pair = (x: string, y: string) => r.pairs.find((p) => p.a === x && p.b === y)
    const [n1, n2, n3] = [toast.name, pearl.name, third.name].sort()
    const key = (x: string, y: string) => (x < y ? pair(x, y) : pair(y, x))
    assert.equal(key(toast.name, pearl.name), {
      a: [toast.name, pearl.name].sort()[0],
      b: [toast.name, pearl.name].sort()[1],
      conflicts: ['shared.txt'],
      overlap: ['notes.txt', 'shared.txt'],
    })
    const toastThird = key(toast.name, third.name)!
    assert.equal([toastThird.conflicts, toastThird.overlap], [[], ['notes.txt']], 'git merges it, the overlap is still shown')
    const pearlThird = key(pearl.name, third.name)!
    assert.equal([pearlThird.conflicts, pearlThird.overlap], [[], ['notes.txt']], 'uncommitted changes overlap too')
    assert.equal(r.against_base, [{ worker: third.name, base: 'main', conflicts: ['README.md'], overlap: ['README.md'] }])
    assert.is(r.clean, false)
    assert.ok([n1, n2, n3].length === 3)

    // The CLI says the same, and names the way out.
    const cli = await sb.wt(['conflicts'])
    assert.is(cli.code, 0, cli.stderr)
    assert.match(cli.stdout, new RegExp(`${[toast.name, pearl.name].sort().join(' ↔ ')}: conflict in shared.txt`))
    assert.match(cli.stdout, new RegExp(`${third.name} vs main: conflict in README.md`))
    assert.match(cli.stdout, /will conflict in shared.txt → land one first/)
    const json = JSON.parse((await sb.wt(['conflicts', '--json'])).stdout)
    assert.equal(json.against_base, r.against_base)

    // wt brief and wt watch carry it as an action.
    const brief = await pool.brief()
    assert.ok(
      brief.json.next.some((n) => n.includes('will conflict in shared.txt')),
      brief.text,
    )
    const seen = new Set<string>()
    const step = await pool.watch({ conflictsSeen: seen })
    assert.ok(step.conflicts.some((n) => n.includes('will conflict in shared.txt')))
    assert.ok(step.new_conflicts.some((n) => n.includes('conflict in shared.txt')))
    assert.is((await pool.watch({ memory: step.memory, conflictsSeen: seen })).new_conflicts.length, 0, 'announced once')
    assert.ok((await pool.events({ limit: 200 })).some((e) => e.type === 'conflict_predicted' && e.message!.includes('shared.txt')))
  } finally {
    await pool.close()
  }
})

t('wt new --ready skips a bead whose files: label names a file a live worker changed, and says why', async () => {
  const pool = await sb.pool()
  try {
    const busy = await sb.bead({ title: 'more shared work', priority: 0, labels: ['files:shared.txt'] })
    const free = await sb.bead({ title: 'docs elsewhere', priority: 1, labels: ['files:docs/'] })
    const r = await pool.fill({ max: 5, noPrompt: true })
    assert.equal(
      r.spawned.map((w) => w.bead),
      [free.id],
    )
    const skip = r.skipped.find((s) => s.bead === busy.id)!
    assert.ok(skip, JSON.stringify(r.skipped))
    assert.match(skip.reason, /touches shared\.txt, which \w+ has changed/)
    assert.match(skip.reason, new RegExp(`wt new ${busy.id}`))
    assert.is((await sb.issue(busy.id)).status, 'open', 'not claimed')
  } finally {
    await pool.close()
  }
})

t('a file one worker adds where another adds a folder of that name: predicted, though the two share no path', async () => {
  const pool = await sb.pool()
  try {
    const a = await sb.bead({ title: 'write the docs as one file' })
    const b = await sb.bead({ title: 'write the docs as a folder' })
    const file = (await pool.spawn({ bead: a.id, noPrompt: true })).worker
    const folder = (await pool.spawn({ bead: b.id, noPrompt: true })).worker
    writeFileSync(join(file.worktree, 'guide'), 'all in one\n')
    commit(file.worktree, 'guide as a file')
    mkdirSync(join(folder.worktree, 'guide'))
    writeFileSync(join(folder.worktree, 'guide', 'intro.md'), 'part one\n')
    commit(folder.worktree, 'guide as a folder')
    const r = await pool.conflicts()
    const [x, y] = [file.name, folder.name].sort()
    const pair = r.pairs.find((p) => p.a === x && p.b === y)
    assert.ok(pair, JSON.stringify(r.pairs))
    assert.equal(pair!.overlap, [], 'no path in common')
    assert.ok(
      pair!.conflicts.some((f) => f.startsWith('guide')),
      JSON.stringify(pair),
    )
    for (const w of [file, folder]) await pool.kill(w.name, { force: true })
  } finally {
    await pool.close()
  }
})

t.run()
