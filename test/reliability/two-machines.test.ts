// Two machines, simulated: two clones of one repository in different folders with different HOMEs,
// one PostgreSQL (a throwaway cluster on a unix socket). What a team running agents on several
// machines against one ready queue relies on.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { binPath, spawnCli, tempDir } from '../_support/cli.js'
import { startCluster, type TestCluster } from '../_support/postgres.js'

let cluster: TestCluster
let machineA: { cwd: string; env: NodeJS.ProcessEnv }
let machineB: { cwd: string; env: NodeJS.ProcessEnv }

const base = { BEADS_DB: '', BEADS_DIR: '', BEADS_DATABASE_URL: '' }
const bd = (m: { cwd: string; env: NodeJS.ProcessEnv }, argv: string[], actor = 'setup', extra: NodeJS.ProcessEnv = {}) =>
  spawnCli('bd', argv, { cwd: m.cwd, env: { ...m.env, BEADS_ACTOR: actor, ...extra } })
const psqlCount = (where: string) => Number(cluster.psql(`SELECT count(*) FROM team.issues WHERE ${where}`))

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) assert.unreachable(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const beadLines = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `${prefix}${i}`,
      title: `bead ${i}`,
      status: 'open',
      priority: 2,
      issue_type: 'task',
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      updated_at: '2026-01-01T01:00:00.000Z',
    }),
  ).join('\n') + '\n'

test.before(async () => {
  cluster = await startCluster()
  const root = tempDir('bd-two-machines-')
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, HOME: join(root, 'home-a') } })
  for (const d of ['repo-a', 'home-a', 'home-b']) mkdirSync(join(root, d))
  machineA = { cwd: join(root, 'repo-a'), env: { ...base, HOME: join(root, 'home-a') } }
  git(machineA.cwd, 'init', '-q')
  const init = await bd(machineA, ['init', '--prefix', 'tm', '--database-url', cluster.url('team'), '--quiet'])
  assert.is(init.code, 0, init.stderr)
  git(machineA.cwd, 'add', '.beads')
  git(machineA.cwd, '-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-q', '-m', 'beads on the team server')
  git(root, 'clone', '-q', machineA.cwd, 'repo-b')
  machineB = { cwd: join(root, 'repo-b'), env: { ...base, HOME: join(root, 'home-b') } }
})

test.after(async () => {
  await cluster.destroy()
})

test('a bead created on one machine is ready on the other, and back', async () => {
  const a = await bd(machineA, ['create', 'made on A', '-p', '0', '--json'])
  assert.is(a.code, 0, a.stderr)
  const id = JSON.parse(a.stdout).id as string
  const readyOnB = await bd(machineB, ['ready', '--json'])
  assert.equal(
    JSON.parse(readyOnB.stdout).map((i: { id: string }) => i.id),
    [id],
  )
  const b = await bd(machineB, ['create', 'made on B', '--deps', id, '--silent'])
  assert.is(b.code, 0, b.stderr)
  const shownOnA = JSON.parse((await bd(machineA, ['show', b.stdout.trim(), '--json'])).stdout)
  assert.is(shownOnA[0].title, 'made on B')
  assert.equal(
    shownOnA[0].dependencies.map((d: { id: string }) => d.id),
    [id],
  )
  assert.is((await bd(machineA, ['close', id])).code, 0)
  assert.equal(
    JSON.parse((await bd(machineB, ['ready', '--json'])).stdout).map((i: { title: string }) => i.title),
    ['made on B'],
  )
  assert.is((await bd(machineB, ['close', b.stdout.trim()])).code, 0)
})

test("wt reaches the same tracker through the clone's config (its in-process tracker access)", async () => {
  const { withTracker } = await import('../../packages/core/src/workers/projects.js')
  const made = await bd(machineA, ['create', 'for a wt worker', '-p', '0', '--silent'])
  const project = { name: 'b', path: machineB.cwd, base_branch: 'main', prefix: 'tm', created_at: '' }
  const claimed = await withTracker(project, 'wt-worker', (t) => t.claimReady())
  assert.is(claimed?.id, made.stdout.trim())
  assert.is(claimed?.assignee, 'wt-worker')
})

test('50 concurrent ready --claim from both machines never hand one bead out twice', async () => {
  const file = join(tempDir(), 'thirty.jsonl')
  writeFileSync(file, beadLines('tm-q', 30))
  const imported = await bd(machineA, ['import', '-i', file])
  assert.is(imported.code, 0, imported.stderr)
  const started = Date.now()
  const runs = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      i % 2 ? bd(machineB, ['ready', '--claim', '--json'], `b-${i}`) : bd(machineA, ['ready', '--claim', '--json'], `a-${i}`),
    ),
  )
  const seconds = (Date.now() - started) / 1000
  for (const r of runs) assert.is(r.code, 0, r.stderr)
  const got = runs.flatMap((r) => JSON.parse(r.stdout) as Array<{ id: string; assignee: string }>)
  assert.is(got.length, 30, 'every ready bead claimed once, the other 20 callers told there is none')
  assert.is(new Set(got.map((g) => g.id)).size, 30, 'no bead handed out twice')
  assert.ok(got.some((g) => g.assignee.startsWith('a-')) && got.some((g) => g.assignee.startsWith('b-')), 'both machines won claims')
  for (const g of got) assert.is(cluster.psql(`SELECT assignee FROM team.issues WHERE id = '${g.id}'`), g.assignee)
  console.log(`two-machines: 50 claimers (25 per clone), 30 beads: 30 distinct claims, 0 double, ${seconds.toFixed(1)} s wall`)
})

test('a lease that runs out returns the bead to the other machine', async () => {
  const made = await bd(machineA, ['create', 'leased on A', '--silent'])
  const id = made.stdout.trim()
  const claim = await bd(machineA, ['update', id, '--claim', '--lease', '10s', '--json'], 'a-dies')
  assert.is(claim.code, 0, claim.stderr)
  assert.ok(JSON.parse(claim.stdout)[0].lease_until)
  assert.equal(JSON.parse((await bd(machineB, ['ready', '--json'])).stdout), [])
  await until('the lease to lapse', async () => JSON.parse((await bd(machineB, ['ready', '--json'])).stdout).some((i: { id: string }) => i.id === id))
  const taken = await bd(machineB, ['ready', '--claim', '--json'], 'b-takes-over')
  assert.is(JSON.parse(taken.stdout)[0].id, id)
  assert.is(cluster.psql(`SELECT count(*) FROM team.events WHERE issue_id = '${id}' AND event_type = 'lease_expired'`), '1')
})

test('kill -9 of a writer mid-transaction loses nothing and blocks no one', async () => {
  const before = psqlCount('true')
  const file = join(tempDir(), 'big.jsonl')
  writeFileSync(file, beadLines('tm-big', 5000))
  const writer: ChildProcess = spawn(process.execPath, [binPath('bd'), 'import', '-i', file], {
    cwd: machineA.cwd,
    env: { ...process.env, ...machineA.env, BEADS_ACTOR: 'killed' },
    stdio: 'ignore',
  })
  // The import holds the workspace's advisory lock from BEGIN to COMMIT: that is "mid-transaction".
  await until('the import to hold the write lock', () => Number(cluster.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) > 0)
  writer.kill('SIGKILL')
  await new Promise((r) => writer.once('exit', r))
  const after = await bd(machineB, ['create', 'after the kill', '--silent'])
  assert.is(after.code, 0, after.stderr)
  assert.is(psqlCount('true'), before + 1, 'none of the killed import, all of the next write')
  assert.is(psqlCount("id LIKE 'tm-big%'"), 0)
})

test('the server restarted between two commands: the next command works', async () => {
  const first = await bd(machineA, ['create', 'before restart', '--silent'])
  assert.is(first.code, 0, first.stderr)
  await cluster.stop()
  await cluster.start()
  const list = await bd(machineB, ['list', '--json'])
  assert.is(list.code, 0, list.stderr)
  assert.ok(JSON.parse(list.stdout).some((i: { title: string }) => i.title === 'before restart'))
})

test('the server down: a clear error naming host and port, exit 1, no stack, never the password, nothing changed', async () => {
  const count = psqlCount('true')
  await cluster.stop()
  try {
    const secret = { BEADS_DATABASE_URL: cluster.url('team').replace('postgres@', 'postgres:pa55-w0rd@') }
    for (const argv of [['list'], ['create', 'while down'], ['ready', '--claim', '--json']]) {
      const r = await bd(machineB, argv, 'b', secret)
      assert.is(r.code, 1, `bd ${argv.join(' ')}`)
      const text = r.stdout + r.stderr
      assert.ok(text.includes(`${cluster.dir}:${cluster.port}`), text)
      assert.not.ok(/\n\s+at /.test(text), `no stack: ${text}`)
      assert.not.ok(text.includes('pa55-w0rd'), text)
      if (argv.includes('--json')) assert.is(JSON.parse(r.stdout).error.code, 'UNAVAILABLE')
    }
  } finally {
    await cluster.start()
  }
  assert.is(psqlCount('true'), count)
})

test.run()
