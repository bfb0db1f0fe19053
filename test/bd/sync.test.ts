import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// Two real clones of one real repository, driven through the built `bd` (npm test builds first).
const run = promisify(execFile)
const BD = fileURLToPath(new URL('../../packages/bd/bin/run.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'bd-sync-'))
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
  delete e.NODE_EXTRA_CA_CERTS
  delete e.BEADS_DB
  delete e.BEADS_DIR
  return e
}

async function bd(cwd: string, actor: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BD, ...args], { cwd, env: env(actor) })
    return { stdout, stderr, code: 0 }
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number }
    return { stdout: err.stdout, stderr: err.stderr, code: err.code }
  }
}
const json = async (cwd: string, actor: string, ...args: string[]) => {
  const r = await bd(cwd, actor, ...args, '--json')
  assert.is(r.code, 0, r.stderr)
  return JSON.parse(r.stdout)
}
const git = (cwd: string, actor: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: env(actor), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const origin = join(root, 'origin.git')
const A = join(root, 'alice')
const B = join(root, 'bob')

test.after(() => rmSync(root, { recursive: true, force: true }))

test('two clones create and close beads, commit, pull, and agree on list --all --json', async () => {
  git(root, 'alice', 'init', '-q', '--bare', '-b', 'main', origin)
  git(root, 'alice', 'clone', '-q', origin, A)
  git(A, 'alice', 'checkout', '-q', '-b', 'main')
  assert.is((await bd(A, 'alice', 'init', '--prefix', 'demo', '--quiet')).code, 0)
  assert.match(readFileSync(join(A, '.gitattributes'), 'utf8'), /^\.beads\/issues\.jsonl merge=beads$/m)
  const x = (await json(A, 'alice', 'create', 'Set up CI', '-p', '1')).id as string
  const y = (await json(A, 'alice', 'create', 'Write the README')).id as string
  await json(A, 'alice', 'close', y, '-r', 'done')
  git(A, 'alice', 'add', '.beads', '.gitattributes')
  git(A, 'alice', 'commit', '-q', '-m', 'beads')
  git(A, 'alice', 'push', '-q', 'origin', 'main')

  // A fresh clone: no database yet; its first command builds one from the JSONL, with the same prefix.
  git(root, 'bob', 'clone', '-q', origin, B)
  const seen = await json(B, 'bob', 'list', '--all')
  assert.equal(seen.map((i: { id: string }) => i.id).sort(), [x, y].sort())
  assert.is(seen.find((i: { id: string }) => i.id === y).status, 'closed')
  const z = (await json(B, 'bob', 'create', 'Add a linter', '--deps', x)).id as string
  assert.match(z, /^demo-/)
  await json(B, 'bob', 'close', x)
  git(B, 'bob', 'commit', '-q', '-am', 'bob: linter, CI done')
  git(B, 'bob', 'push', '-q', 'origin', 'main')

  // Meanwhile Alice adds a bead, commits, and pulls Bob's work: git merges the JSONL line by line.
  const w = (await json(A, 'alice', 'create', 'Release 1.0', '-p', '0')).id as string
  git(A, 'alice', 'commit', '-q', '-am', 'alice: release')
  git(A, 'alice', 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main')
  assert.not.match(readFileSync(join(A, '.beads/issues.jsonl'), 'utf8'), /<<<<<<<|>>>>>>>/)
  const aliceView = await json(A, 'alice', 'list', '--all')
  assert.equal(aliceView.map((i: { id: string }) => i.id).sort(), [x, y, z, w].sort())
  assert.is(aliceView.find((i: { id: string }) => i.id === x).status, 'closed')
  // Bob's bead waited on x, which Bob closed: it is ready on Alice's side too.
  assert.ok((await json(A, 'alice', 'ready')).some((i: { id: string }) => i.id === z))
  git(A, 'alice', 'push', '-q', 'origin', 'main')

  git(B, 'bob', 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main')
  const bobView = await json(B, 'bob', 'list', '--all')
  assert.equal(bobView, aliceView)
})

test('the next command after a pull sees it; read-only commands never rewrite the JSONL', async () => {
  const jsonl = join(B, '.beads/issues.jsonl')
  const before = statSync(jsonl).mtimeMs
  await json(B, 'bob', 'ready')
  await json(B, 'bob', 'stats')
  assert.is(statSync(jsonl).mtimeMs, before)
  const v = (await json(A, 'alice', 'create', 'Hotfix')).id as string
  git(A, 'alice', 'commit', '-q', '-am', 'hotfix')
  git(A, 'alice', 'push', '-q', 'origin', 'main')
  git(B, 'bob', 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'main')
  const r = await bd(B, 'bob', 'show', v, '--json')
  assert.is(r.code, 0, r.stderr)
  assert.is(JSON.parse(r.stdout)[0].title, 'Hotfix')
  // bd's post-merge hook (installed by Bob's first command) imported the pull already.
  assert.not.match(r.stderr, /Synced/)
  assert.match(readFileSync(join(B, '.git/hooks/post-merge'), 'utf8'), /hook post-merge/)
})

test('a JSONL with merge-conflict markers is refused, naming the lines, and nothing changes', async () => {
  const jsonl = join(B, '.beads/issues.jsonl')
  const good = readFileSync(jsonl, 'utf8')
  const lines = good.trimEnd().split('\n')
  writeFileSync(
    jsonl,
    ['<<<<<<< HEAD', lines[0], '=======', lines[0]!.replace('"title":"', '"title":"X '), '>>>>>>> theirs', ...lines.slice(1)].join('\n') + '\n',
  )
  const r = await bd(B, 'bob', 'ready', '--json')
  assert.is(r.code, 1)
  const err = JSON.parse(r.stdout).error
  assert.is(err.code, 'CONFLICT')
  assert.match(err.message, /lines 1, 3, 5/)
  writeFileSync(jsonl, good)
  const after = await json(B, 'bob', 'list', '--all')
  assert.ok(after.every((i: { title: string }) => !i.title.startsWith('X ')))
})

test.run()
