import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { probeDisk } from '../../packages/core/src/workers/disk-progress.js'

const dirs: string[] = []
function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'wt-disk-'))
  dirs.push(dir)
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 't@example.com')
  git('config', 'user.name', 'T')
  writeFileSync(join(dir, 'a.txt'), 'a\n')
  writeFileSync(join(dir, 'b.txt'), 'b\n')
  git('add', '.')
  git('commit', '-qm', 'base')
  return { dir, git, base: git('rev-parse', 'HEAD') }
}
const old = new Date('2026-01-01T00:00:00Z')
/** Ages every file so the newest write is the one the test makes. */
function age(dir: string, names: string[]) {
  for (const n of names) utimesSync(join(dir, n), old, old)
}

test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

test('a fresh worktree: nothing ahead, nothing changed', async () => {
  const { dir, base } = repo()
  const p = await probeDisk(dir, base)
  assert.equal({ ...p, newestWriteAt: null }, { commitsAhead: 0, filesChanged: 0, newestWriteAt: null, lastCommitAt: null, truncated: false })
})

test('commits ahead, committed + uncommitted + untracked files counted once each', async () => {
  const { dir, git, base } = repo()
  writeFileSync(join(dir, 'a.txt'), 'a2\n')
  git('commit', '-qam', 'change a')
  writeFileSync(join(dir, 'c.txt'), 'c\n')
  git('add', 'c.txt')
  git('commit', '-qm', 'add c')
  writeFileSync(join(dir, 'a.txt'), 'a3\n') // committed and dirty again: one file
  writeFileSync(join(dir, 'b.txt'), 'b2\n') // dirty only
  mkdirSync(join(dir, 'new'))
  writeFileSync(join(dir, 'new', 'd.txt'), 'd\n') // untracked
  const p = await probeDisk(dir, base)
  assert.is(p.commitsAhead, 2)
  assert.is(p.filesChanged, 4) // a, b, c, new/d
  assert.ok(p.lastCommitAt instanceof Date)
})

test('newest write: the latest file outside .git and node_modules', async () => {
  const { dir, base } = repo()
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true })
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true })
  writeFileSync(join(dir, 'src', 'deep', 'e.ts'), 'e')
  writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), 'x')
  age(dir, ['a.txt', 'b.txt', 'src/deep/e.ts'])
  const written = new Date('2026-06-01T12:00:00Z')
  utimesSync(join(dir, 'src', 'deep', 'e.ts'), written, written)
  const later = new Date('2026-07-01T12:00:00Z')
  utimesSync(join(dir, 'node_modules', 'x', 'index.js'), later, later) // ignored
  const p = await probeDisk(dir, base)
  assert.is(p.newestWriteAt?.toISOString(), written.toISOString())
})

test('the walk is bounded and says so', async () => {
  const { dir, base } = repo()
  for (let i = 0; i < 30; i++) writeFileSync(join(dir, `f${i}.txt`), String(i))
  const p = await probeDisk(dir, base, { maxEntries: 10 })
  assert.is(p.truncated, true)
})

test('a bad base commit is an error naming the worktree', async () => {
  const { dir } = repo()
  try {
    await probeDisk(dir, 'deadbeef')
    assert.unreachable('should have thrown')
  } catch (e) {
    assert.match((e as Error).message, dir)
  }
})

test.run()
