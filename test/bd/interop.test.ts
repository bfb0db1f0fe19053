import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
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
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: { ...process.env, ...identity }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
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

test('bd init --prefix git_safety_guard is accepted', async () => {
  const dir = join(root, 'guard')
  mkdirSync(dir)
  const out = JSON.parse(await bd(dir, 'init', '--prefix', 'git_safety_guard', '--json'))
  assert.is(out.prefix, 'git_safety_guard')
  assert.match((await bd(dir, 'create', 'First', '--silent')).trim(), /^git_safety_guard-[0-9a-z]+$/)
})

test.run()
