import { execFile } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// The built CLI end to end: JSON shapes of label/comments/stats/search/delete, and export → import.
const BD = fileURLToPath(new URL('../../packages/bd/bin/run.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'bd-cmds-'))
const ws = join(root, 'ws')
mkdirSync(ws)

function bd(cwd: string, args: string[], stdin?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BEADS_ACTOR: 'ann', NO_COLOR: '1' }
  delete env.NODE_EXTRA_CA_CERTS
  delete env.BEADS_DB
  delete env.BEADS_DIR
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BD, ...args], { cwd, env }, (err, stdout, stderr) =>
      resolve({ stdout, stderr, code: err ? Number((err as { code?: number }).code ?? 1) : 0 }),
    )
    child.stdin!.end(stdin ?? '')
  })
}
const json = async (cwd: string, ...args: string[]) => {
  const r = await bd(cwd, [...args, '--json'])
  assert.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

test.after(() => rmSync(root, { recursive: true, force: true }))

let a = ''
let b = ''

test('label add/list/list-all and comments (argument, stdin, --file) print the beads shapes', async () => {
  assert.is((await bd(ws, ['init', '--prefix', 'ws', '--quiet'])).code, 0)
  a = (await json(ws, 'create', 'Parser', '-l', 'core')).id
  b = (await json(ws, 'create', 'Printer', '--deps', a)).id
  assert.equal(await json(ws, 'label', 'add', a, b, 'backend'), [
    { status: 'added', issue_id: a, label: 'backend' },
    { status: 'added', issue_id: b, label: 'backend' },
  ])
  assert.equal(await json(ws, 'label', 'list', a), ['backend', 'core'])
  assert.equal(await json(ws, 'label', 'list-all'), [
    { label: 'backend', count: 2 },
    { label: 'core', count: 1 },
  ])
  const empty = await bd(ws, ['label', 'add', a, ' ', '--json'])
  assert.is(empty.code, 1)
  assert.is(JSON.parse(empty.stdout).error.code, 'INVALID_VALUE')

  const c1 = await json(ws, 'comments', 'add', a, 'from the argument')
  assert.equal(Object.keys(c1), ['id', 'issue_id', 'author', 'text', 'created_at'])
  assert.equal([c1.issue_id, c1.author, c1.text], [a, 'ann', 'from the argument'])
  const viaStdin = await bd(ws, ['comments', 'add', a, '--json'], 'from stdin\n')
  assert.is(JSON.parse(viaStdin.stdout).text, 'from stdin')
  writeFileSync(join(root, 'note.md'), 'from a file\nsecond line\n')
  await json(ws, 'comments', 'add', a, '--file', join(root, 'note.md'))
  assert.equal(
    (await json(ws, 'comments', a)).map((c: { text: string }) => c.text),
    ['from the argument', 'from stdin', 'from a file\nsecond line'],
  )
})

test('stats, search and count shapes; delete previews then makes dependents ready', async () => {
  const stats = await json(ws, 'stats')
  assert.equal(stats, {
    summary: {
      total_issues: 2,
      open_issues: 2,
      in_progress_issues: 0,
      closed_issues: 0,
      blocked_issues: 1,
      deferred_issues: 0,
      ready_issues: 1,
      average_lead_time_hours: 0,
    },
  })
  const found = await json(ws, 'search', 'PRINT')
  assert.equal(
    found.map((i: { id: string }) => i.id),
    [b],
  )
  assert.equal(await json(ws, 'count', '--by-label'), {
    total: 2,
    groups: [
      { group: 'backend', count: 2 },
      { group: 'core', count: 1 },
    ],
  })

  const preview = await json(ws, 'delete', a)
  assert.equal([preview.preview, preview.now_ready], [true, [b]])
  assert.equal(
    (await json(ws, 'ready')).map((i: { id: string }) => i.id),
    [a],
  )
  const done = await json(ws, 'delete', a, '--force')
  assert.equal([done.preview, done.dependents, done.now_ready], [false, [b], [b]])
  assert.equal(
    (await json(ws, 'ready')).map((i: { id: string }) => i.id),
    [b],
  )
  // The deleted bead stays in the file as a tombstone; show says it was deleted.
  assert.match(readFileSync(join(ws, '.beads/issues.jsonl'), 'utf8'), new RegExp(`\\{"id":"${a}".*"status":"tombstone"`))
  const gone = await bd(ws, ['show', a, '--json'])
  assert.equal([gone.code, JSON.parse(gone.stdout).error.message], [1, `${a} was deleted`])
})

test('export → import into a fresh workspace gives identical show --json for every bead', async () => {
  const c = (await json(ws, 'create', 'Epic', '-t', 'epic', '-p', '0', '-d', 'why <it> matters')).id
  const kid = (await json(ws, 'create', 'Kid', '--parent', c, '-a', 'bob', '-e', '45')).id
  await json(ws, 'dep', 'add', b, kid)
  await json(ws, 'comments', 'add', kid, 'note')
  await json(ws, 'close', c, '--force', '-r', 'cut')
  const dump = join(root, 'dump.jsonl')
  const exp = await bd(ws, ['export', '-o', dump])
  assert.is(exp.code, 0, exp.stderr)
  assert.is(readFileSync(dump, 'utf8'), readFileSync(join(ws, '.beads/issues.jsonl'), 'utf8'))

  const fresh = join(root, 'fresh')
  mkdirSync(fresh)
  await bd(fresh, ['init', '--prefix', 'ws', '--quiet'])
  const imp = await bd(fresh, ['import', '-i', dump])
  assert.is(imp.code, 0, imp.stderr)
  assert.match(imp.stderr, /4 created, 0 updated, 0 unchanged, 1 tombstone/)
  const all = (await json(ws, 'list', '--all')).map((i: { id: string }) => i.id)
  assert.equal(await json(fresh, 'show', ...all), await json(ws, 'show', ...all))
  assert.is(readFileSync(join(fresh, '.beads/issues.jsonl'), 'utf8'), readFileSync(dump, 'utf8'))
  const again = await bd(fresh, ['import', '-i', dump, '--dry-run'])
  assert.match(again.stderr, /0 created, 0 updated, 4 unchanged/)
})

test('prime is compact and names the workflow; doctor passes on a healthy workspace', async () => {
  const prime = await bd(ws, ['prime'])
  assert.is(prime.code, 0)
  assert.ok(prime.stdout.length < 6000, `prime is ${prime.stdout.length} characters`)
  for (const cmd of ['bd ready --json', '--claim', 'bd close', 'bd create']) assert.ok(prime.stdout.includes(cmd), cmd)
  const doctor = await json(ws, 'doctor')
  assert.is(doctor.ok, true)
  assert.ok(
    doctor.checks.every((c: { status: string }) => c.status === 'ok'),
    JSON.stringify(doctor.checks),
  )
})

test.run()
