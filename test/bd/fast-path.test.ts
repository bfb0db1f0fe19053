import { readFileSync } from 'node:fs'
// bin/run.js runs every command's body through the fast entry (dist/entry.js, bundled) instead of
// oclif; help and lines the entry's parser is not sure of go to oclif. For the same input both
// paths must print the same bytes (stdout and stderr), exit with the same code and leave the same
// database. Each case runs on two copies of one seeded workspace: once through the fast entry, in
// this process with its streams, folder and environment injected (the body's IO), and once through
// the built bd with BD_NO_FAST=1 (oclif parses, then runs the same body). Timestamps and the
// workspace's own path are the only things allowed to differ. `fast` says whether the entry takes
// the case; the ones it leaves go to oclif unchanged.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { World } from '../../packages/core/src/cli/io.js'
import { bd, bdEnv, copyWorkspace, dumpDatabase, removeDir, seededWorkspace, withoutTimes } from '../_support/bd-process.js'

const { entry } = (await import(new URL('../../packages/bd/dist/entry.js', import.meta.url).href)) as {
  entry: import('../../packages/core/src/cli/entry.js').FastEntry
}
const manifest = JSON.parse(readFileSync(new URL('../../packages/bd/oclif.manifest.json', import.meta.url), 'utf8')) as { commands: Record<string, unknown> }

interface Case {
  args: string[]
  fast: boolean
}

const cases: Case[] = [
  // ready
  { args: ['ready'], fast: true },
  { args: ['ready', '--json'], fast: true },
  { args: ['ready', '-p', '1', '--json'], fast: true },
  { args: ['ready', '--label', 'api,db', '--unassigned'], fast: true },
  { args: ['ready', '--sort', 'oldest', '-n', '2', '--json'], fast: true },
  { args: ['ready', '--sort', 'bogus', '--json'], fast: true },
  { args: ['ready', '--limit=x'], fast: true },
  { args: ['ready', '--claim', '--json'], fast: true },
  { args: ['ready', '--claim'], fast: true },
  { args: ['ready', '--bogus', '--json'], fast: false },
  { args: ['ready', '--assignee', 'ann', '--unassigned', '--json'], fast: false },
  { args: ['ready', '--help'], fast: false },
  // show
  { args: ['show', 'ws-a1'], fast: true },
  { args: ['show', 'a1', 'ws-b2', '--json'], fast: true },
  { args: ['show', 'nope', '--json'], fast: true },
  { args: ['show', 'nope'], fast: true },
  { args: ['show', '--json'], fast: false },
  // list
  { args: ['list'], fast: true },
  { args: ['list', '--all', '--json'], fast: true },
  { args: ['list', '-s', 'open,in_progress', '-t', 'bug', '--json'], fast: true },
  { args: ['list', '--status', 'nope'], fast: true },
  { args: ['list', '--status', 'nope', '--json'], fast: true },
  { args: ['list', 'extra'], fast: false },
  // create
  { args: ['create', 'Fresh bead', '--id', 'ws-n1', '--json'], fast: true },
  { args: ['create', '--title', 'Second', '--id', 'ws-n2', '-p', 'P1', '-l', 'api,ui', '--deps', 'ws-a1', '-t', 'bug'], fast: true },
  { args: ['create', 'Quiet', '--id', 'ws-n3', '--silent'], fast: true },
  { args: ['create', 'Child', '--parent', 'ws-a1', '--json'], fast: true },
  { args: ['create', 'Bad priority', '-p', '9', '--json'], fast: true },
  { args: ['create', 'Bad dep', '--deps', 'ws-zz', '--json'], fast: true },
  { args: ['create', '', '--json'], fast: true },
  { args: ['create', '--json'], fast: true },
  { args: ['create', 'Twice', '--title', 'Twice', '--json'], fast: true },
  // update
  { args: ['update', 'ws-a1', '--claim', '--json'], fast: true },
  { args: ['update', 'ws-a1', '--claim'], fast: true },
  { args: ['update', 'ws-c3', '--claim', '--json'], fast: true },
  { args: ['update', 'ws-a1', '--status', 'bogus'], fast: true },
  { args: ['update', 'ws-a1', '--json'], fast: true },
  { args: ['update', 'nope', '--status', 'open', '--json'], fast: true },
  { args: ['update', 'ws-a1', 'ws-b2', '--add-label', 'x,y', '--append-notes', 'more', '--json'], fast: true },
  // close
  { args: ['close', 'ws-a1', '--json'], fast: true },
  { args: ['close', 'ws-a1', '-r', 'Done in 4f2e1c'], fast: true },
  { args: ['close', 'ws-b2', '--json'], fast: true },
  { args: ['close', 'ws-b2', '--force'], fast: true },
  { args: ['close'], fast: false },
  { args: ['close', 'ws-a1', '--force=yes'], fast: false },
  // every other command
  { args: ['blocked'], fast: true },
  { args: ['blocked', '--json'], fast: true },
  { args: ['count', '--json'], fast: true },
  { args: ['count', '--by-status'], fast: true },
  { args: ['stats'], fast: true },
  { args: ['stats', '--json'], fast: true },
  { args: ['search', 'bead', '--json'], fast: true },
  { args: ['search', 'First'], fast: true },
  { args: ['stale', '--days', '0', '--json'], fast: true },
  { args: ['dep', 'add', 'ws-c3', 'ws-a1', '--json'], fast: true },
  { args: ['dep', 'add', 'ws-a1', 'ws-b2', '--json'], fast: true },
  { args: ['dep', 'remove', 'ws-b2', 'ws-a1'], fast: true },
  { args: ['dep', 'list', 'ws-b2', '--json'], fast: true },
  { args: ['dep', 'list', 'ws-a1', '--direction', 'up'], fast: true },
  { args: ['dep', 'list', 'ws-a1', '--direction', 'sideways'], fast: false },
  { args: ['dep', 'tree', 'ws-b2'], fast: true },
  { args: ['dep', 'tree', 'ws-b2', '--max-depth', 'x', '--json'], fast: true },
  { args: ['dep', 'cycles', '--json'], fast: true },
  { args: ['label', 'add', 'ws-a1', 'ws-b2', 'urgent', '--json'], fast: true },
  { args: ['label', 'remove', 'ws-a1', 'api'], fast: true },
  { args: ['label', 'list', 'ws-a1'], fast: true },
  { args: ['label', 'list-all', '--json'], fast: true },
  { args: ['comments', 'ws-a1', '--json'], fast: true },
  { args: ['comments', 'add', 'ws-a1', 'Looks good', '--json'], fast: true },
  { args: ['reopen', 'ws-d4', '--json'], fast: true },
  { args: ['delete', 'ws-c3'], fast: true },
  { args: ['delete', 'ws-c3', '--force', '--json'], fast: true },
  { args: ['plan'], fast: true },
  { args: ['plan', '--workers', '2', '--json'], fast: true },
  { args: ['plan', '--workers', 'x'], fast: true },
  { args: ['ready', '--explain'], fast: true },
  { args: ['ready', '--explain', '--json'], fast: true },
  { args: ['show', 'ws-b2', '--explain', '--json'], fast: true },
  { args: ['prime'], fast: true },
  { args: ['onboard', '--json'], fast: true },
  { args: ['quickstart'], fast: true },
  { args: ['export'], fast: true },
  { args: ['import', '--dry-run', '--json'], fast: true },
  { args: ['doctor', '--json'], fast: true },
  { args: ['init', '--prefix', 'zz'], fast: true },
  { args: ['hook', 'post-merge'], fast: true },
  { args: ['merge-driver', 'base.jsonl', 'ours.jsonl', 'theirs.jsonl'], fast: true },
  { args: ['--version'], fast: true },
  { args: ['stats', '--help'], fast: false },
  { args: ['help'], fast: false },
]

let template: { dir: string; db: string }
const dirs: string[] = []

test.before(async () => {
  template = await seededWorkspace('fast-template', async (t) => {
    await t.create({ id: 'ws-a1', title: 'First bead', priority: 1, labels: ['api', 'db'], description: 'With a description' })
    await t.create({ id: 'ws-b2', title: 'Second bead, blocked by the first', deps: ['ws-a1'], issue_type: 'bug' })
    await t.create({ id: 'ws-c3', title: 'Taken', assignee: 'other' })
    await t.update(['ws-c3'], { status: 'in_progress' })
    await t.create({ id: 'ws-d4', title: 'Done already' })
    await t.close(['ws-d4'], { reason: 'Shipped' })
    await t.addComment('ws-a1', 'A first comment')
  })
})

test.after(() => {
  for (const d of [...dirs, template.dir]) removeDir(d)
})

/** Runs a line through the fast entry in this process: its IO is injected, nothing is patched. */
async function viaEntry(args: string[], cwd: string) {
  const out: string[] = []
  const err: string[] = []
  const world: World = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin: { isTTY: false, read: async () => '' },
    env: bdEnv(),
    cwd,
  }
  const result = await entry.run(args, world)
  return 'exitCode' in result ? { code: result.exitCode, stdout: out.join(''), stderr: err.join('') } : undefined
}

test('the fast entry serves every bd command, and leaves help and doubtful lines to oclif', async () => {
  const served = new Set<string>()
  for (const c of cases) {
    const dir = copyWorkspace(template.dir, 'fast-serve')
    dirs.push(dir)
    const r = await viaEntry(c.args, dir)
    assert.is(r !== undefined, c.fast, `bd ${c.args.join(' ')}`)
    const named = entry.fallback(c.args)
    if (r) served.add(('id' in named && named.id) || c.args[0]!)
  }
  assert.equal([...served].filter((id) => id !== '--version').sort(), Object.keys(manifest.commands).sort())
})

test('fast entry and oclif print the same bytes, exit alike and leave the same database', async () => {
  for (const c of cases.filter((x) => x.fast)) {
    const a = copyWorkspace(template.dir, 'fast')
    const b = copyWorkspace(template.dir, 'oclif')
    dirs.push(a, b)
    const fast = (await viaEntry(c.args, a))!
    const oclif = await bd(c.args, { cwd: b, env: { BD_NO_FAST: '1' } })
    const label = `bd ${c.args.join(' ')}`
    const same = (s: string, dir: string) => withoutTimes(s.replaceAll(dir, '<ws>'))
    assert.is(fast.code, oclif.code, `${label}: exit code`)
    assert.is(same(fast.stdout, a), same(oclif.stdout, b), `${label}: stdout`)
    assert.is(same(fast.stderr, a), same(oclif.stderr, b), `${label}: stderr`)
    // jsonl_stat / jsonl_hash fingerprint the JSONL file (inode, mtime; content with its times), and
    // jsonl_pending names the temp file of the last write (pid, time): they differ between two
    // copies; the file content itself is compared without times below.
    const dump = (dir: string) =>
      withoutTimes(JSON.stringify(dumpDatabase(`${dir}/.beads/beads.db`)))
        .replace(/"(jsonl_stat|jsonl_hash)","value":"[^"]*"/g, '"$1"')
        .replace(/"jsonl_pending","value":"(\\.|[^"\\])*"/g, '"jsonl_pending"')
    const jsonl = (dir: string) => withoutTimes(readFileSync(`${dir}/.beads/issues.jsonl`, 'utf8'))
    assert.is(jsonl(a), jsonl(b), `${label}: issues.jsonl`)
    assert.is(dump(a), dump(b), `${label}: database`)
  }
})

test('a --json error is one object on stdout with the code', async () => {
  const a = copyWorkspace(template.dir, 'fast-err')
  dirs.push(a)
  const r = await bd(['show', 'nope', '--json'], { cwd: a })
  assert.is(r.code, 1)
  assert.equal(JSON.parse(r.stdout).error.code, 'NOT_FOUND')
  assert.match(r.stderr, /no bead matches "nope"/)
})

test.run()
