import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnCli, tempDir } from '../_support/cli.js'

// A repository that already keeps a Go-written .beads/issues.jsonl, cloned fresh (no database, no
// config.yaml), then driven through the built `bd`: export, one write, ready.
const root = tempDir('bd-interop-e2e-')
const identity = { GIT_AUTHOR_NAME: 'ann', GIT_AUTHOR_EMAIL: 'ann@example.com', GIT_COMMITTER_NAME: 'ann', GIT_COMMITTER_EMAIL: 'ann@example.com' }
const env = { ...identity, BEADS_ACTOR: 'e2e', BEADS_DB: '', BEADS_DIR: '' }
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...process.env, ...identity }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const fixture = fileURLToPath(new URL('../../db/fixtures/interop/go-compact.jsonl', import.meta.url))

async function bd(cwd: string, ...argv: string[]): Promise<string> {
  const r = await spawnCli('bd', argv, { cwd, env })
  assert.is(r.code, 0, `bd ${argv.join(' ')}: ${r.stderr}`)
  return r.stdout
}

test('fresh clone → bd export → a write → bd ready: no untouched line changes, the database stays out of git', async () => {
  const origin = join(root, 'origin')
  mkdirSync(join(origin, '.beads'), { recursive: true })
  copyFileSync(fixture, join(origin, '.beads/issues.jsonl'))
  git(origin, 'init', '-q', '-b', 'main')
  git(origin, 'add', '.')
  git(origin, 'commit', '-q', '-m', 'beads from the Go tool')
  const work = join(root, 'clone')
  git(root, 'clone', '-q', origin, work)
  const committed = readFileSync(join(work, '.beads/issues.jsonl'), 'utf8')

  assert.is(await bd(work, 'export'), committed)
  await bd(work, 'update', 'gt-p3q', '--append-notes', 'checked the edges', '--json')
  const ready = JSON.parse(await bd(work, 'ready', '--json')).map((i: { id: string }) => i.id)
  assert.equal(ready, ['gt-c3d', 'gt-a1b.1', 'gt-a1b', 'gt-e5f', 'gt-k1l', 'gt-p3q', 'gt-mx9'])

  const before = committed.trimEnd().split('\n')
  const after = readFileSync(join(work, '.beads/issues.jsonl'), 'utf8').trimEnd().split('\n')
  assert.is(after.length, before.length)
  const changed = after.flatMap((line, i) => (line === before[i] ? [] : [JSON.parse(line).id]))
  assert.equal(changed, ['gt-p3q'])
  // git sees exactly that one line, and the new .gitignore keeps beads.db out of `git status`.
  assert.equal(git(work, 'diff', '--numstat').trim().split(/\s+/), ['1', '1', '.beads/issues.jsonl'])
  assert.equal(git(work, 'status', '--porcelain').trimEnd().split('\n').sort(), [' M .beads/issues.jsonl', '?? .beads/.gitignore'])
  // New beads take the prefix the file's ids share.
  assert.match((await bd(work, 'create', 'More work', '--silent')).trim(), /^gt-[0-9a-z]+$/)
})

test('a union merge with a Go user who deleted the bead we edited: one line per bead, the later one wins, nothing else moves', async () => {
  const origin = join(root, 'origin2')
  mkdirSync(join(origin, '.beads'), { recursive: true })
  copyFileSync(fixture, join(origin, '.beads/issues.jsonl'))
  writeFileSync(join(origin, '.gitattributes'), '.beads/issues.jsonl merge=union\n')
  git(origin, 'init', '-q', '-b', 'main')
  git(origin, 'add', '.')
  git(origin, 'commit', '-q', '-m', 'beads from the Go tool')
  const ours = join(root, 'ours')
  git(root, 'clone', '-q', origin, ours)
  const committed = readFileSync(join(ours, '.beads/issues.jsonl'), 'utf8').trimEnd().split('\n')
  await bd(ours, 'update', 'gt-p3q', '--append-notes', 'ours')
  git(ours, 'commit', '-q', '-am', 'note')
  // The Go user, meanwhile, deleted gt-p3q (a tombstone, later than our edit) and pushed.
  const at = committed.findIndex((l) => l.startsWith('{"id":"gt-p3q"'))
  const tombstone = committed[at]!.replace('"status":"open"', '"status":"tombstone"').replace(
    '"updated_at":"2026-01-08T09:00:00Z"',
    '"updated_at":"2099-01-01T00:00:00.000001-08:00","deleted_at":"2099-01-01T00:00:00.000001-08:00","deleted_by":"go-user"',
  )
  writeFileSync(join(origin, '.beads/issues.jsonl'), [...committed.slice(0, at), tombstone, ...committed.slice(at + 1)].join('\n') + '\n')
  git(origin, 'commit', '-q', '-am', 'delete gt-p3q')
  git(ours, 'pull', '-q', '--no-rebase', '--no-edit')
  const merged = readFileSync(join(ours, '.beads/issues.jsonl'), 'utf8').trimEnd().split('\n')
  // Union kept both sides' lines; bd's post-merge hook (installed by this clone's first command)
  // imported them at once and rewrote the file with one line per id: the later tombstone's.
  assert.equal(
    merged.filter((l) => l.startsWith('{"id":"gt-p3q"')),
    [tombstone],
  )
  const ready = JSON.parse(await bd(ours, 'ready', '--json')).map((i: { id: string }) => i.id)
  assert.not.ok(ready.includes('gt-p3q'))
  const exported = (await bd(ours, 'export')).trimEnd().split('\n')
  assert.equal(exported, [...committed.slice(0, at), tombstone, ...committed.slice(at + 1)])
})

test('bd init --prefix git_safety_guard is accepted', async () => {
  const dir = join(root, 'guard')
  mkdirSync(dir)
  const out = JSON.parse(await bd(dir, 'init', '--prefix', 'git_safety_guard', '--json'))
  assert.is(out.prefix, 'git_safety_guard')
  assert.match((await bd(dir, 'create', 'First', '--silent')).trim(), /^git_safety_guard-[0-9a-z]+$/)
})

test.run()
