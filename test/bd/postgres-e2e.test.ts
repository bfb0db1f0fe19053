// The built bd against a real PostgreSQL (a throwaway cluster on a unix socket in a temp folder).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnCli, tempDir } from '../_support/cli.js'
import { startCluster, type TestCluster } from '../_support/postgres.js'

const env = { BEADS_ACTOR: 'e2e', BEADS_DB: '', BEADS_DIR: '', BEADS_DATABASE_URL: '' }
let cluster: TestCluster

test.before(async () => {
  cluster = await startCluster()
})

test.after(async () => {
  await cluster.destroy()
})

/** One agent session's commands, successes and refusals alike. */
const SCRIPT: string[][] = [
  ['create', 'Set up schema', '--id', 'ws-a1', '-p', '0', '--json'],
  ['create', 'Write API', '--id', 'ws-b2', '--deps', 'ws-a1', '-l', 'api,backend', '--json'],
  ['create', 'Docs', '--id', 'ws-c3', '--parent', 'ws-b2', '--json'],
  ['create', 'Sub task', '--parent', 'ws-c3', '--json'],
  ['ready', '--json'],
  ['blocked', '--json'],
  ['ready', '--explain', '--json'],
  ['plan', '--json'],
  ['update', 'ws-b2', '--priority', 'urgent', '--json'],
  ['dep', 'add', 'ws-a1', 'ws-b2', '--json'],
  ['update', 'ws-a1', '--claim', '--json'],
  ['update', 'ws-a1', '--claim', '--actor', 'other', '--json'],
  ['comments', 'add', 'ws-a1', 'Found the cause', '--json'],
  ['close', 'ws-b2', '--json'],
  ['close', 'ws-a1', '-r', 'done', '--json'],
  ['ready', '--json'],
  ['ready', '--claim', '--actor', 'w2', '--lease', '30m', '--json'],
  ['ready', '--lease', '30m', '--json'],
  ['list', '--all', '--json'],
  ['show', 'ws-b2', 'ws-a1', '--json'],
  ['search', 'API', '--json'],
  ['search', 'nothing-like-this', '--json'],
  ['stats', '--json'],
  ['count', '--by-status', '--json'],
  ['label', 'list-all', '--json'],
  ['stale', '--days', '0', '--json'],
  ['delete', 'ws-c3', '--json'],
  ['show', 'ws-zz', '--json'],
  ['export'],
]

// Times, the lease end and the lead time (close minus create) differ run to run; everything else must be byte-identical.
const normalise = (text: string) =>
  text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/("average_lead_time_hours": )[\d.]+/, '$1<hours>')
    .replace(/(Avg lead time:\s+)[\d.]+/, '$1<hours>')

async function session(initArgs: string[]): Promise<string[]> {
  const dir = join(tempDir(), 'ws')
  mkdirSync(dir)
  const init = await spawnCli('bd', ['init', '--prefix', 'ws', '--quiet', ...initArgs], { cwd: dir, env })
  assert.is(init.code, 0, init.stderr)
  const out: string[] = []
  for (const argv of SCRIPT) {
    const r = await spawnCli('bd', argv, { cwd: dir, env })
    out.push(`$ bd ${argv.join(' ')}\nexit ${r.code}\n${normalise(r.stdout)}\n${normalise(r.stderr)}`)
  }
  return out
}

test('every command answers the same on PostgreSQL as on SQLite: output, JSON, errors and exit codes', async () => {
  const [sqlite, postgres] = await Promise.all([session([]), session(['--database-url', cluster.url('same_answers')])])
  for (let i = 0; i < SCRIPT.length; i++) assert.fixture(postgres[i]!, sqlite[i]!)
  assert.ok(
    sqlite.some((s) => s.includes('"code": "CYCLE"')),
    'the script exercises refusals',
  )
  assert.ok(
    sqlite.some((s) => s.includes('"lease_until": "<time>"')),
    'and leases',
  )
  assert.ok(
    sqlite.some((s) => s.startsWith('$ bd ready --lease 30m --json\nexit 2\n')),
    'and a usage error',
  )
})

test('bd init --database-url records the URL without its password; BEADS_DATABASE_URL overrides it; ?schema keeps workspaces apart', async () => {
  const dir = join(tempDir(), 'secret')
  mkdirSync(dir)
  const withPassword = cluster.url('team_a').replace('postgres@', 'postgres:s3cret-pw@')
  const init = await spawnCli('bd', ['init', '--prefix', 'tm', '--database-url', withPassword, '--json'], { cwd: dir, env })
  assert.is(init.code, 0, init.stderr)
  assert.not.ok(init.stdout.includes('s3cret-pw'), init.stdout)
  const config = readFileSync(join(dir, '.beads', 'config.yaml'), 'utf8')
  assert.not.ok(config.includes('s3cret-pw'), config)
  assert.ok(config.includes('schema=team_a'), config)

  const a = await spawnCli('bd', ['create', 'in team a', '--silent'], { cwd: dir, env })
  assert.is(a.code, 0, a.stderr)
  const other = cluster.url('team_b')
  assert.is((await spawnCli('bd', ['init', '--prefix', 'tm', '--database-url', other, '--quiet'], { cwd: join(tempDir()), env })).code, 0)
  const b = await spawnCli('bd', ['create', 'in team b', '--silent'], { cwd: dir, env: { ...env, BEADS_DATABASE_URL: other } })
  assert.is(b.code, 0, b.stderr)
  assert.is(cluster.psql('SELECT title FROM team_a.issues'), 'in team a')
  assert.is(cluster.psql('SELECT title FROM team_b.issues'), 'in team b')
  const list = await spawnCli('bd', ['list', '--json'], { cwd: dir, env })
  assert.equal(
    JSON.parse(list.stdout).map((i: { title: string }) => i.title),
    ['in team a'],
  )
  // doctor checks what applies on a server: schema version, stored readiness, cycles.
  cluster.psql('UPDATE team_a.issues SET is_blocked = 1')
  const doctor = await spawnCli('bd', ['doctor', '--json'], { cwd: dir, env })
  const report = JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string }> }
  assert.equal(report.checks.find((c) => c.name === 'readiness')?.status, 'warning')
  assert.is((await spawnCli('bd', ['doctor', '--fix', '--json'], { cwd: dir, env })).code, 0)
  assert.is(cluster.psql('SELECT is_blocked FROM team_a.issues'), '0')
})

test('a schema nobody initialised is NO_WORKSPACE, and bd init on a taken schema needs --force', async () => {
  const dir = join(tempDir(), 'fresh')
  mkdirSync(join(dir, '.beads'), { recursive: true })
  writeFileSync(join(dir, '.beads', 'config.yaml'), `database-url: "${cluster.url('nobody')}"\n`)
  const missing = await spawnCli('bd', ['list', '--json'], { cwd: dir, env })
  assert.is(missing.code, 1)
  assert.is(JSON.parse(missing.stdout).error.code, 'NO_WORKSPACE')
  assert.is(cluster.psql("SELECT count(*) FROM pg_namespace WHERE nspname = 'nobody'"), '0')

  assert.is((await spawnCli('bd', ['init', '--database-url', cluster.url('taken'), '--quiet'], { cwd: dir, env })).code, 0)
  const second = join(tempDir(), 'second')
  mkdirSync(second)
  const again = await spawnCli('bd', ['init', '--database-url', cluster.url('taken'), '--json'], { cwd: second, env })
  assert.is(again.code, 1)
  assert.is(JSON.parse(again.stdout).error.code, 'WORKSPACE_EXISTS')
  assert.is((await spawnCli('bd', ['init', '--database-url', cluster.url('taken'), '--force', '--quiet'], { cwd: second, env })).code, 0)
  // A clone whose config names the server: plain `bd init` joins it (and says the workspace exists).
  const plain = await spawnCli('bd', ['init', '--json'], { cwd: second, env })
  assert.is(JSON.parse(plain.stdout).error.code, 'WORKSPACE_EXISTS')
  assert.ok(JSON.parse(plain.stdout).error.message.includes('schema taken'), plain.stdout)
})

test.run()
