// wt writes beads through bd's opener: `wt new` (claim) and `wt done` (close) reach
// .beads/issues.jsonl at once, as a bd command's writes do, driven through the built wt binary.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { gitIn, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt and the JSONL')
let sb: Sandbox
t.before(async () => {
  sb = await sandbox('jsonl')
})
t.after(() => sb.cleanup())

const lineOf = (id: string) => {
  const line = readFileSync(join(sb.repo, '.beads/issues.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`{"id":"${id}"`))
  return line ? (JSON.parse(line) as { status: string; assignee?: string; close_reason?: string }) : undefined
}

t('wt new claims the bead in the file; wt done closes it there', async () => {
  const bead = await sb.bead({ title: 'ship it' })
  const made = await sb.wt(['new', bead.id, '--no-switch', '--json'])
  assert.is(made.code, 0, made.stderr)
  const worker = JSON.parse(made.stdout) as { name: string; worktree: string }
  assert.equal([lineOf(bead.id)?.status, lineOf(bead.id)?.assignee], ['in_progress', worker.name])
  writeFileSync(join(worker.worktree, 'shipped.txt'), 'done\n')
  gitIn(worker.worktree, 'add', 'shipped.txt')
  gitIn(worker.worktree, 'commit', '-qm', 'ship it')
  const done = await sb.wt(['done', '--json'], { cwd: worker.worktree })
  assert.is(done.code, 0, done.stderr + done.stdout)
  assert.is(lineOf(bead.id)?.status, 'closed')
})

t.run()
