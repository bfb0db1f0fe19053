import { readFileSync } from 'node:fs'
// bin/run.js runs the hot commands through src/fast.ts instead of oclif. For the same input both
// paths must print the same bytes (stdout and stderr), exit with the same code and leave the same
// database. Each case runs on two copies of one seeded workspace: once through the built bin (the
// fast path, bundle and code cache included) and once through oclif's own command (in-process, one
// Config, as `bd` with BD_NO_FAST=1 would run it). Timestamps are the only thing allowed to differ
// (the runs happen at different instants). `fast` says whether the fast path takes the case; the
// ones it declines go to oclif unchanged, so they need no comparison.
import { Config } from '@oclif/core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { plan } from '../../packages/bd/src/fast.js'
import { bd, bdEnv, copyWorkspace, dumpDatabase, removeDir, seededWorkspace, withoutTimes } from '../_support/bd-process.js'

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
  { args: ['create', '--json'], fast: false },
  { args: ['create', 'Twice', '--title', 'Twice', '--json'], fast: false },
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

test('the fast path takes exactly the cases it fully understands', () => {
  for (const c of cases) assert.is(plan(c.args, undefined, {}) !== undefined, c.fast, `bd ${c.args.join(' ')}`)
})

/** Runs a command through oclif in this process, capturing what it writes and its exit code. */
async function viaOclif(config: Config, args: string[], cwd: string) {
  const out: string[] = []
  const err: string[] = []
  const { write: outWrite } = process.stdout
  const { write: errWrite } = process.stderr
  const savedEnv = { ...process.env }
  const savedCwd = process.cwd()
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write
  process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write
  process.exitCode = undefined
  try {
    Object.assign(process.env, bdEnv())
    process.chdir(cwd)
    await config.runCommand(args[0]!, args.slice(1))
  } finally {
    process.stdout.write = outWrite
    process.stderr.write = errWrite
    process.chdir(savedCwd)
    process.env = savedEnv
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = undefined
  return { code, stdout: out.join(''), stderr: err.join('') }
}

test('fast path and oclif print the same bytes, exit alike and leave the same database', async () => {
  const config = await Config.load({ root: new URL('../../packages/bd/', import.meta.url).pathname })
  for (const c of cases.filter((x) => x.fast)) {
    const a = copyWorkspace(template.dir, 'fast')
    const b = copyWorkspace(template.dir, 'oclif')
    dirs.push(a, b)
    const fast = await bd(c.args, { cwd: a })
    const oclif = await viaOclif(config, c.args, b)
    const label = `bd ${c.args.join(' ')}`
    assert.is(fast.code, oclif.code, `${label}: exit code`)
    assert.is(withoutTimes(fast.stdout), withoutTimes(oclif.stdout), `${label}: stdout`)
    assert.is(withoutTimes(fast.stderr), withoutTimes(oclif.stderr), `${label}: stderr`)
    // Random ids (a child of ws-a1 is deterministic; plain creates here all use --id).
    // jsonl_stat / jsonl_hash fingerprint the JSONL file (inode, mtime; content with its times), and
    // jsonl_pending names the temp file of the last write (pid, time): they
    // differ between two copies; the file content itself is compared without times below.
    const dump = (dir: string) => withoutTimes(JSON.stringify(dumpDatabase(`${dir}/.beads/beads.db`))).replace(/"(jsonl_stat|jsonl_hash)","value":"[^"]*"/g, '"$1"').replace(/"jsonl_pending","value":"(\\.|[^"\\])*"/g, '"jsonl_pending"')
    const jsonl = (dir: string) => withoutTimes(readFileSync(`${dir}/.beads/issues.jsonl`, 'utf8'))
    assert.is(jsonl(a), jsonl(b), `${label}: issues.jsonl`)
    assert.is(dump(a), dump(b), `${label}: database`)
  }
})

test('a --json error is one object on stdout with the code, on both paths', async () => {
  const a = copyWorkspace(template.dir, 'fast-err')
  dirs.push(a)
  const r = await bd(['show', 'nope', '--json'], { cwd: a })
  assert.is(r.code, 1)
  assert.equal(JSON.parse(r.stdout).error.code, 'NOT_FOUND')
  assert.match(r.stderr, /no bead matches "nope"/)
})

test.run()
