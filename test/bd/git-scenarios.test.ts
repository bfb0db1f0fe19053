import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// Each scenario: a bare origin and two real clones (alice, bob) driven through the built bd, with
// the merge driver bd configures (bd init in alice's clone; bob's first command in his).
const run = promisify(execFile)
const BD = fileURLToPath(new URL('../../packages/bd/bin/run.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'bd-git-'))
test.after(() => rmSync(root, { recursive: true, force: true }))

const env = (actor: string) => {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    BEADS_ACTOR: actor,
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: actor,
    GIT_AUTHOR_EMAIL: `${actor}@example.com`,
    GIT_COMMITTER_NAME: actor,
    GIT_COMMITTER_EMAIL: `${actor}@example.com`,
  }
  for (const k of ['NODE_EXTRA_CA_CERTS', 'BEADS_DB', 'BEADS_DIR']) delete e[k]
  return e
}

interface Clone {
  dir: string
  actor: string
  bd(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>
  // biome-ignore lint/suspicious/noExplicitAny: each scenario reads its own JSON shape
  json(...args: string[]): Promise<any>
  git(...args: string[]): string
  sql<T>(query: string, ...params: unknown[]): T[]
}

function clone(dir: string, actor: string, extra: NodeJS.ProcessEnv = {}): Clone {
  const c: Clone = {
    dir,
    actor,
    async bd(...args) {
      try {
        const { stdout, stderr } = await run(process.execPath, [BD, ...args], { cwd: dir, env: { ...env(actor), ...extra } })
        return { stdout, stderr, code: 0 }
      } catch (e) {
        const err = e as { stdout: string; stderr: string; code: number }
        return { stdout: err.stdout, stderr: err.stderr, code: err.code }
      }
    },
    async json(...args) {
      const r = await c.bd(...args, '--json')
      assert.is(r.code, 0, `${actor}: bd ${args.join(' ')}: ${r.stderr}${r.stdout}`)
      return JSON.parse(r.stdout)
    },
    git: (...args) => execFileSync('git', args, { cwd: dir, env: { ...env(actor), ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    sql<T>(query: string, ...params: unknown[]) {
      const db = new Database(join(dir, '.beads/beads.db'), { readonly: true })
      try {
        return db.prepare(query).all(...params) as T[]
      } finally {
        db.close()
      }
    },
  }
  return c
}

let n = 0
/** origin + alice (bd init, beads g-s01…g-s08 committed and pushed) + bob (cloned, first command run). */
async function scenario(): Promise<{ alice: Clone; bob: Clone }> {
  const base = join(root, `s${++n}`)
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', join(base, 'origin.git')])
  execFileSync('git', ['clone', '-q', join(base, 'origin.git'), join(base, 'alice')], { stdio: 'ignore' })
  const alice = clone(join(base, 'alice'), 'alice')
  alice.git('checkout', '-q', '-b', 'main')
  assert.is((await alice.bd('init', '--prefix', 'g', '--quiet')).code, 0)
  for (let i = 1; i <= 8; i++) await alice.json('create', `bead ${i}`, '--id', `g-s0${i}`)
  alice.git('add', '.beads', '.gitattributes')
  alice.git('commit', '-q', '-m', 'beads')
  alice.git('push', '-q', 'origin', 'main')
  execFileSync('git', ['clone', '-q', join(base, 'origin.git'), join(base, 'bob')], { stdio: 'ignore' })
  const bob = clone(join(base, 'bob'), 'bob')
  assert.is((await bob.json('list')).length, 8)
  assert.match(bob.git('config', 'merge.beads.driver'), /merge-driver %O %A %B/)
  return { alice, bob }
}

const commitAll = (c: Clone, msg: string) => c.git('commit', '-q', '-am', msg)
const pull = (c: Clone) => c.git('pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main')
const show = async (c: Clone, id: string) => (await c.json('show', id))[0]
const idsIn = (c: Clone) =>
  readFileSync(join(c.dir, '.beads/issues.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).id as string)

test('claim on one side, label on the other: after the merge the bead is claimed and labelled on both', async () => {
  const { alice, bob } = await scenario()
  await alice.json('update', 'g-s01', '--claim')
  commitAll(alice, 'claim')
  alice.git('push', '-q', 'origin', 'main')
  await bob.json('label', 'add', 'g-s01', 'ui')
  commitAll(bob, 'label')
  pull(bob)
  const merged = await show(bob, 'g-s01')
  assert.equal([merged.status, merged.assignee, merged.labels], ['in_progress', 'alice', ['ui']])
  assert.equal(bob.git('status', '--porcelain'), '')
  bob.git('push', '-q', 'origin', 'main')
  pull(alice)
  const seen = await show(alice, 'g-s01')
  assert.equal([seen.status, seen.assignee, seen.labels], ['in_progress', 'alice', ['ui']])
  assert.equal(idsIn(alice), idsIn(bob))
})

test('delete on one side, a neighbour created and edited on the other: the deletion stands on both, nothing comes back', async () => {
  const { alice, bob } = await scenario()
  await alice.json('delete', 'g-s05', '--force')
  commitAll(alice, 'delete')
  alice.git('push', '-q', 'origin', 'main')
  await bob.json('create', 'next to it', '--id', 'g-s05a')
  await bob.json('update', 'g-s04', '--title', 'edited neighbour')
  await bob.json('update', 'g-s06', '--title', 'edited neighbour 2')
  bob.git('add', '.beads')
  commitAll(bob, 'neighbours')
  pull(bob)
  bob.git('push', '-q', 'origin', 'main')
  pull(alice)
  for (const c of [alice, bob]) {
    const ids = (await c.json('list', '--all')).map((i: { id: string }) => i.id)
    assert.not.ok(ids.includes('g-s05'), `${c.actor} sees g-s05 again`)
    assert.ok(ids.includes('g-s05a'))
    assert.is((await show(c, 'g-s04')).title, 'edited neighbour')
    const r = await c.bd('show', 'g-s05', '--json')
    assert.is(JSON.parse(r.stdout).error.code, 'NOT_FOUND')
    const ids2 = idsIn(c)
    assert.is(new Set(ids2).size, ids2.length, 'one line per id')
  }
})

test('conflicting edits of one field: the later wins on both sides and the other value is recorded in an event', async () => {
  const { alice, bob } = await scenario()
  await alice.json('update', 'g-s07', '--title', 'alice title')
  commitAll(alice, 'alice')
  alice.git('push', '-q', 'origin', 'main')
  await new Promise((r) => setTimeout(r, 20)) // bob's edit is the later one
  await bob.json('update', 'g-s07', '--title', 'bob title')
  commitAll(bob, 'bob')
  pull(bob)
  assert.is((await show(bob, 'g-s07')).title, 'bob title')
  const events = bob.sql<{ old_value: string; new_value: string; comment: string }>(
    "SELECT old_value, new_value, comment FROM events WHERE issue_id = 'g-s07' AND comment LIKE 'git merge%'",
  )
  assert.equal(
    events.map((e) => [e.old_value, e.new_value]),
    [['"alice title"', '"bob title"']],
  )
  assert.match(events[0]!.comment, /both sides changed title/)
  bob.git('push', '-q', 'origin', 'main')
  pull(alice)
  assert.is((await show(alice, 'g-s07')).title, 'bob title')
})

test('checking out an older commit keeps the newer beads; going back neither deletes nor duplicates history', async () => {
  const { alice } = await scenario()
  await alice.json('create', 'newer', '--id', 'g-new')
  alice.git('add', '.beads')
  commitAll(alice, 'newer')
  const events = () => alice.sql<{ n: number }>('SELECT COUNT(*) AS n FROM events')[0]!.n
  const before = events()
  alice.git('checkout', '-q', 'HEAD~1')
  assert.ok(
    (await alice.json('list')).some((i: { id: string }) => i.id === 'g-new'),
    'the bead the old file lacks is still there',
  )
  assert.equal(alice.git('status', '--porcelain'), '', 'a read leaves the checkout as git wrote it')
  alice.git('checkout', '-q', 'main')
  assert.ok((await alice.json('list')).some((i: { id: string }) => i.id === 'g-new'))
  assert.is(events(), before, 'no history event duplicated or added')
  for (let i = 0; i < 2; i++) {
    alice.git('checkout', '-q', 'HEAD~1')
    await alice.json('ready')
    alice.git('checkout', '-q', 'main')
    await alice.json('ready')
  }
  assert.is(events(), before)
})

test('stash, pull, pop: a local uncommitted label and a pulled bead both survive', async () => {
  const { alice, bob } = await scenario()
  await bob.json('label', 'add', 'g-s02', 'local')
  await alice.json('create', 'pulled', '--id', 'g-pulled')
  alice.git('add', '.beads')
  commitAll(alice, 'pulled')
  alice.git('push', '-q', 'origin', 'main')
  bob.git('stash', '-q')
  pull(bob)
  assert.ok((await bob.json('list')).some((i: { id: string }) => i.id === 'g-pulled'))
  bob.git('stash', 'pop', '-q')
  const ids = (await bob.json('list')).map((i: { id: string }) => i.id)
  assert.ok(ids.includes('g-pulled'))
  assert.equal((await show(bob, 'g-s02')).labels, ['local'])
  assert.match(readFileSync(join(bob.dir, '.beads/issues.jsonl'), 'utf8'), /"labels":\["local"\]/)
})

test("a large workspace defers the JSONL to the commit: writes leave it alone, bd's pre-commit hook writes and stages it, the committed file is current", async () => {
  const { alice } = await scenario()
  // Every file counts as large here (the default threshold is 8 MB, ≈20k beads).
  const big = clone(alice.dir, 'alice', { BEADS_DEFER_EXPORT_BYTES: '1' })
  const jsonl = join(big.dir, '.beads/issues.jsonl')
  const before = readFileSync(jsonl, 'utf8')
  await big.json('create', 'deferred', '--id', 'g-late')
  await big.json('update', 'g-s03', '--claim')
  assert.is(readFileSync(jsonl, 'utf8'), before, 'the write did not rewrite the file')
  const doctor = await big.json('doctor')
  assert.match(doctor.checks.find((c: { name: string }) => c.name === 'jsonl').message, /waits for the next commit/)
  big.git('commit', '-q', '--allow-empty', '-m', 'work')
  const committed = big.git('show', 'HEAD:.beads/issues.jsonl')
  assert.match(committed, /"id":"g-late"/)
  assert.match(committed, /"id":"g-s03"[^\n]*"status":"in_progress"/)
  assert.is(readFileSync(jsonl, 'utf8'), committed)
  assert.equal(big.git('status', '--porcelain'), '')
  assert.is((await big.json('doctor')).checks.find((c: { name: string }) => c.name === 'jsonl').message, 'issues.jsonl matches the database')
})

test('a pre-existing merge=union line is switched to bd merge-driver by bd init --force', async () => {
  const { alice } = await scenario()
  const { writeFileSync } = await import('node:fs')
  writeFileSync(join(alice.dir, '.gitattributes'), '*.png binary\n.beads/issues.jsonl merge=union\n')
  assert.is((await alice.bd('init', '--force', '--quiet')).code, 0)
  assert.is(readFileSync(join(alice.dir, '.gitattributes'), 'utf8'), '*.png binary\n.beads/issues.jsonl merge=beads\n')
})

test.run()
