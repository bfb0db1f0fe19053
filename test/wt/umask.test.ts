// wt's state and what it creates are private whatever the umask (issue 15): run under umask 000,
// every wt process, the tmux server it starts and the git calls it makes.
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sandbox, type Sandbox, wtBin } from '../_support/wt.js'

let sb: Sandbox
test.before(async () => {
  sb = await sandbox('umask')
})
test.after(() => sb.cleanup())

/** The built wt under `umask 000`: the shell runs only `umask` and an exec of its own fixed argv. */
const wtUnderUmask000 = (args: string[], home: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, wtBin, ...args],
      { cwd: sb.repo, env: { ...sb.env, WT_HOME: home }, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })

const mode = (path: string) => statSync(path).mode & 0o777
const octal = (m: number) => m.toString(8).padStart(3, '0')

function writableByOthers(dir: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const st = statSync(path)
    if (st.mode & 0o022) found.push(`${path} ${octal(st.mode & 0o777)}`)
    if (st.isDirectory() && name !== '.git') found.push(...writableByOthers(path))
  }
  return found
}

test('under umask 000: WT_HOME 0700, config.json, wt.db and the agent settings 0600, nothing in the worktree writable by others', async () => {
  const home = join(sb.dir, 'home-umask')
  const worktrees = join(sb.dir, 'worktrees-umask')
  for (const args of [
    ['project', 'add', 'demo', sb.repo],
    ['config', 'set', 'agent.preset', 'claude'],
    ['config', 'set', 'agent.prompt_via', 'keys'],
    ['config', 'set', 'agent.command', (await sb.pool().then(async (p) => [p.config.get('agent.command').value, await p.close()]))[0] as string],
    ['config', 'set', 'agent.ready_pattern', 'ready>'],
    ['config', 'set', 'worktree_root', worktrees],
  ]) {
    const r = await wtUnderUmask000(args, home)
    assert.is(r.code, 0, `wt ${args.join(' ')}: ${r.stderr}`)
  }
  const bead = await sb.bead({ title: 'Private by default' })
  const spawned = await wtUnderUmask000(['new', bead.id, '--no-switch'], home)
  assert.is(spawned.code, 0, spawned.stderr)

  assert.is(octal(mode(home)), '700', 'WT_HOME')
  assert.is(octal(mode(join(home, 'config.json'))), '600', 'config.json')
  assert.is(octal(mode(join(home, 'wt.db'))), '600', 'wt.db')
  const worktree = join(worktrees, bead.id)
  assert.is(octal(mode(join(worktree, '.claude', 'settings.local.json'))), '600', 'the agent settings wt writes')
  assert.equal(writableByOthers(home), [], 'nothing under WT_HOME is writable by others')
  assert.equal(writableByOthers(worktrees), [], 'nothing in the worktree (git checkout, agent settings) is writable by others')
})

test('WT_HOME pointed at a folder that holds other things keeps its mode; only the files wt writes are private', async () => {
  const shared = join(sb.dir, 'shared-folder')
  mkdirSync(shared)
  chmodSync(shared, 0o755)
  writeFileSync(join(shared, 'notes.txt'), "not wt's\n")
  const r = await wtUnderUmask000(['config', 'set', 'watch.interval', '7'], shared)
  assert.is(r.code, 0, r.stderr)
  assert.is(octal(mode(shared)), '755', "a folder that is not wt's own is left as it was")
  assert.is(octal(mode(join(shared, 'config.json'))), '600')
})

test.run()
