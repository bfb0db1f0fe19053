// The git port never lets a name be read as an option (issue 15): a bead id such as `-d` once made
// `git worktree add -b -d … develop` delete the branch develop.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DomainError } from '../../packages/core/src/errors.js'
import * as repo from '../../packages/core/src/adapters/git/repo.js'

const dir = mkdtempSync(join(tmpdir(), 'git-refs-'))
const main = join(dir, 'repo')
const git = (...args: string[]) => execFileSync('git', args, { cwd: main, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
execFileSync('git', ['init', '-q', '-b', 'main', main])
git('commit', '-q', '--allow-empty', '-m', 'first')
git('branch', 'develop')
test.after(() => rmSync(dir, { recursive: true, force: true }))

const branches = () => git('for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean).sort()

for (const hostile of ['-d', '-D', '--help', '-rf', '--delete', ' spaced', 'tab\there', '']) {
  test(`a worktree for bead ${JSON.stringify(hostile)} is refused before git runs; no branch or folder changes`, async () => {
    const before = branches()
    const path = join(dir, `wt-${Math.random().toString(36).slice(2)}`)
    try {
      await repo.addWorktree(main, path, hostile, 'develop')
      assert.unreachable('addWorktree accepted a name git would read as an option')
    } catch (e) {
      assert.instance(e, DomainError)
      assert.is((e as DomainError).code, 'INVALID_ID')
      assert.ok((e as Error).message.includes(JSON.stringify(hostile)), 'the error names the bad value')
    }
    assert.equal(branches(), before)
    assert.not.ok(existsSync(path))
  })
}

test('every ref-taking operation refuses a leading dash', async () => {
  const attempts: Array<[string, () => Promise<unknown>]> = [
    ['deleteBranch', () => repo.deleteBranch(main, '-D', true)],
    ['renameBranch', () => repo.renameBranch(main, 'develop', '--force')],
    ['revParse', () => repo.revParse(main, '--all')],
    ['mergeBase', () => repo.mergeBase(main, 'main', '--octopus')],
    ['aheadBehind', () => repo.aheadBehind(main, '--all')],
    ['isAncestor', () => repo.isAncestor(main, '-h', 'main')],
    ['rebase', () => repo.rebase(main, '--root')],
    ['mergeInto', () => repo.mergeInto(main, 'main', '--abort')],
    ['push', () => repo.push(main, '--mirror')],
    ['changedFiles', () => repo.changedFiles(main, '--output=/tmp/x')],
  ]
  for (const [name, attempt] of attempts) {
    const error = await attempt().then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.instance(error, DomainError, `${name} refuses`)
    assert.is((error as DomainError).code, 'INVALID_ID', name)
  }
  assert.equal(branches(), ['develop', 'main'])
})

test('real-world ids (underscores, dots for children, inner dashes) still make worktrees and branches', async () => {
  const path = join(dir, 'wt-real')
  const { createdBranch } = await repo.addWorktree(main, path, 'git_safety_guard-a1b.2', 'develop')
  assert.ok(createdBranch)
  assert.ok(existsSync(path))
  await repo.removeWorktree(main, path)
  assert.ok(await repo.deleteBranch(main, 'git_safety_guard-a1b.2', true))
  assert.equal(branches(), ['develop', 'main'])
})

test.run()
