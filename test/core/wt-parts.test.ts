import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installClaudeHooks } from '../../packages/core/src/workers/agent-hooks.js'
import { ConfigStore } from '../../packages/core/src/workers/config.js'
import { pickName, poolNames, RESERVED_NAMES, validateName } from '../../packages/core/src/workers/rules/namepool.js'
import { pickPortOffset, portFree } from '../../packages/core/src/workers/ports.js'
import { dispatchText, initialPrompt } from '../../packages/core/src/workers/rules/prompt.js'
import { parseSince } from '../../packages/core/src/workers/events.js'
import { openWtState } from '../../packages/core/src/workers/state.js'
import { workerMigrations } from '../../packages/core/src/workers/migrations.js'

const temp = () => mkdtempSync(join(tmpdir(), 'wt-parts-'))

test('names: first free of the theme, reused once free, numbered overflow, never a command', () => {
  assert.is(pickName('default', new Set()), 'toast')
  assert.is(pickName('default', new Set(['toast'])), 'shadow')
  assert.is(pickName('default', new Set(['shadow'])), 'toast')
  assert.is(pickName('a,b', new Set(['a', 'b'])), 'a-2')
  assert.is(pickName('a,b', new Set(['a', 'b', 'a-2'])), 'b-2')
  assert.equal(poolNames('list,new,kestrel'), ['kestrel'])
  for (const theme of ['default', 'minerals', 'birds']) for (const n of poolNames(theme)) assert.not.ok(RESERVED_NAMES.has(n), n)
  assert.throws(() => validateName('list'), /wt command/)
  assert.throws(() => validateName('a.b'), /invalid worker name/)
  assert.throws(() => validateName('-x'), /invalid worker name/)
})

test('port offsets: smallest unused k whose ports fit and are not bound', async () => {
  assert.is(await pickPortOffset(new Set(), []), 1)
  assert.is(await pickPortOffset(new Set([1, 2]), [5432]), 3)
  // 65432 fits for k=6 but 75432 does not: offsets 1..6 only.
  let refused = ''
  await pickPortOffset(new Set([1, 2, 3, 4, 5, 6]), [5432]).catch((e: Error) => (refused = e.message))
  assert.match(refused, /no free port offset/)
  const taken = (port: number) => Promise.resolve(port !== 13000)
  assert.is(await pickPortOffset(new Set(), [3000], taken), 2)
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  assert.is(await portFree(port), false)
  server.close()
})

test('config: defaults, global values, project overrides, unset, validation', () => {
  const home = temp()
  try {
    const c = new ConfigStore(home)
    assert.equal(c.get('agent.command'), { key: 'agent.command', value: 'claude', source: 'default' })
    c.set('max_workers', '6')
    c.set('max_workers', '2', 'api')
    assert.is(new ConfigStore(home).get('max_workers').value, 6)
    assert.is(new ConfigStore(home).get('max_workers', 'api').value, 2)
    assert.is(new ConfigStore(home).settings('api').maxWorkers, 2)
    new ConfigStore(home).unset('max_workers', 'api')
    assert.is(new ConfigStore(home).get('max_workers', 'api').source, 'global')
    assert.throws(() => c.set('max_workers', 'many'), /invalid value for max_workers/)
    assert.throws(() => c.set('agent.preset', 'vim'), /one of claude/)
    assert.throws(() => c.set('nope', '1'), /unknown config key/)
    assert.throws(() => c.set('ports', '5432,99999'), /invalid port/)
    assert.is(c.list().length > 15, true)
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})

test('claude hooks merge into settings.local.json, keep others, and are idempotent', () => {
  const wt = temp()
  try {
    mkdirSync(join(wt, '.claude'))
    writeFileSync(join(wt, '.claude', 'settings.json'), '{"committed":true}')
    writeFileSync(
      join(wt, '.claude', 'settings.local.json'),
      JSON.stringify({ permissions: { allow: ['Bash(ls)'] }, hooks: { Stop: [{ matcher: '', hooks: [{ type: 'command', command: 'say done' }] }] } }),
    )
    installClaudeHooks(wt, ['/usr/bin/node', "/opt/it's/run.js"])
    installClaudeHooks(wt, ['/usr/bin/node', "/opt/it's/run.js"])
    const s = JSON.parse(readFileSync(join(wt, '.claude', 'settings.local.json'), 'utf8'))
    assert.equal(s.permissions, { allow: ['Bash(ls)'] })
    assert.is(s.hooks.Stop.length, 2)
    assert.is(s.hooks.Stop[0].hooks[0].command, 'say done')
    assert.is(s.hooks.Stop[1].hooks[0].command, `'/usr/bin/node' '/opt/it'\\''s/run.js' hook stop`)
    assert.is(s.hooks.SessionStart[0].hooks[0].command.endsWith('hook session-start'), true)
    assert.is(s.hooks.UserPromptSubmit.length, 1)
    assert.is(s.hooks.Notification.length, 1)
    assert.is(readFileSync(join(wt, '.claude', 'settings.json'), 'utf8'), '{"committed":true}')
  } finally {
    rmSync(wt, { recursive: true, force: true })
  }
})

test('prompts never start with a slash command; bead text is kept literally', () => {
  const issue = {
    id: 'bd-1',
    title: '/help $(rm -rf ~) `x`',
    description: 'd',
    acceptance_criteria: 'ac',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    labels: [],
    created_at: '',
    updated_at: '',
  } as const
  const p = initialPrompt(issue as never, { name: 'toast', branch: 'bd-1', base: 'main' })
  assert.not.match(p, /^\//)
  assert.ok(p.includes('/help $(rm -rf ~) `x`'))
  assert.ok(p.includes('ac') && p.includes('wt signal') && p.includes('wt done'))
  assert.is(dispatchText('/help', false), 'Dispatch: /help')
  assert.is(dispatchText('/compact', true), '/compact')
})

test('events --since takes a duration back from now or a date', () => {
  const now = new Date('2026-01-01T12:00:00.000Z')
  assert.is(parseSince('10m', now), '2026-01-01T11:50:00.000Z')
  assert.is(parseSince('2h', now), '2026-01-01T10:00:00.000Z')
  assert.is(parseSince('2026-01-01T00:00:00Z', now), '2026-01-01T00:00:00.000Z')
  assert.throws(() => parseSince('yesterday-ish', now), /invalid --since/)
})

test('wt.db: opened and migrated through one function, export of the migration list', async () => {
  const home = temp()
  try {
    const s = await openWtState(home)
    assert.ok(workerMigrations.length >= 1)
    const tables = s.raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name)
    for (const t of ['projects', 'workers', 'worker_events', 'agent_sessions']) assert.ok(tables.includes(t), t)
    await s.close()
    const again = await openWtState(home)
    await again.close()
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})

test.run()
