// `wt watch` end to end: real tmux on a private socket, real worktrees, a fake Claude-like agent per
// worker whose behaviour each test sets through a control file.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { eventually, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt watch')
const agent = fileURLToPath(new URL('../_support/fake-watch-agent.mjs', import.meta.url))
let sb: Sandbox
let control: string

interface Row {
  name: string
  state: string
  idle_seconds: number
  files_changed: number | null
  action: string
  escalation_level: number
}

const mode = (name: string, m: string) => writeFileSync(join(control, name), m)
const json = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  assert.is(r.code, 0, r.stderr)
  return JSON.parse(r.stdout) as T
}
/** cobalt may already have gone quiet for idle.stuck (spawning seven workers takes a while); everything else must hold. */
const settled = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.name, r.name === 'cobalt' && r.state === 'stuck' ? 'idle' : r.state]))

/** Worker name → the mode its fake agent starts in. */
const cast: Record<string, string> = { amber: 'working', basalt: 'waiting', cobalt: 'idle', dune: 'writing', ember: 'idle', flint: 'idle', garnet: 'idle' }

t.before(async () => {
  sb = await sandbox('watch')
  control = join(sb.dir, 'control')
  mkdirSync(control)
  const pool = await sb.pool()
  try {
    for (const [key, value] of Object.entries({
      'agent.preset': 'claude',
      'agent.command': `${process.execPath} ${agent} --control ${control}`,
      'watch.debounce': '1',
      'watch.start_grace': '0',
      'watch.disk_interval': '0',
      'idle.threshold': '2',
      'idle.stuck': '6',
      'watch.notify': 'none',
    }))
      pool.config.set(key, value)
    for (const [name, m] of Object.entries(cast)) {
      mode(name, m)
      const bead = await sb.bead({ title: `bead for ${name}` })
      await pool.spawn({ bead: bead.id, name, noPrompt: true })
    }
  } finally {
    await pool.close()
  }
  // ember's agent exits once started (`wt new` refuses an agent that dies during start-up); flint
  // says it is done; garnet's session disappears under it.
  mode('ember', 'exit')
  const flint = await sb.pool()
  const worktree = (await flint.list()).find((w) => w.name === 'flint')!.worktree
  await flint.close()
  const signal = await sb.wt(['signal', 'done', 'all tests pass'], { cwd: worktree })
  assert.is(signal.code, 0, signal.stderr)
  sb.tmux('kill-session', '-t', '=garnet')
})
t.after(() => sb.cleanup())

const expected = { amber: 'working', basalt: 'waiting', cobalt: 'idle', dune: 'idle', ember: 'exited', flint: 'done', garnet: 'dead' }

t('watch --once --json classifies every worker from hooks, screen, tmux and disk', async () => {
  const pool = await sb.pool()
  try {
    await eventually(async () => JSON.stringify(settled((await pool.list()) as Row[])) === JSON.stringify(expected), 15_000).catch(async () => {
      assert.equal(settled((await pool.list()) as Row[]), expected)
    })
  } finally {
    await pool.close()
  }
  const rows = json<Row[]>(await sb.wt(['watch', '--once', '--json']))
  assert.equal(settled(rows), expected)
  const basalt = rows.find((r) => r.name === 'basalt')!
  assert.is(basalt.action, 'answer')
})

t('a quiet worker that keeps writing files is never stuck; a quiet one that does not, is', async () => {
  const pool = await sb.pool()
  try {
    const rows = await eventually(async () => {
      const r = (await pool.list()) as Row[]
      return r.find((w) => w.name === 'cobalt')!.state === 'stuck' ? r : null
    }, 15_000)
    const dune = rows.find((w) => w.name === 'dune')!
    assert.is(dune.state, 'idle')
    assert.ok(dune.idle_seconds < 6, `dune quiet for ${dune.idle_seconds}s`)
    assert.ok((dune.files_changed ?? 0) >= 1, 'its writes count as progress')
    assert.is(rows.find((w) => w.name === 'cobalt')!.action, 'escalate')
  } finally {
    await pool.close()
  }
})

t('--no-tui prints exactly one line per transition, and a restarted watcher does not repeat them', async () => {
  const pool = await sb.pool()
  const alerts = async () => (await pool.events({ limit: 500 })).filter((e) => e.type === 'alert').length
  const before = await alerts()
  const run = sb.wt(['watch', '--no-tui', '--interval', '0.4', '--ticks', '14'])
  // Once the watcher's first tick has announced something, it has seen amber working: now change it.
  await eventually(async () => (await alerts()) > before, 15_000).finally(() => pool.close())
  mode('amber', 'waiting')
  const out = await run
  assert.is(out.code, 0, out.stderr)
  const lines = out.stdout.trim().split('\n')
  const transitions = lines.map((l) => l.split(' ').slice(1, 5).join(' '))
  assert.equal(
    transitions.sort(),
    [
      'amber working -> waiting',
      'basalt - -> waiting',
      'cobalt - -> stuck',
      'dune - -> idle',
      'ember - -> exited',
      'flint - -> done',
      'garnet - -> dead',
    ].sort(),
    out.stdout,
  )
  assert.match(lines.find((l) => l.includes(' flint '))!, /done all tests pass$/)
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /)
  // The registry remembers what was announced: a new watcher starts quiet.
  const again = await sb.wt(['watch', '--no-tui', '--interval', '0.2', '--ticks', '2'])
  assert.is(again.code, 0, again.stderr)
  assert.is(again.stdout, '')
  const events = json<Array<{ type: string; worker: string }>>(await sb.wt(['events', '--json', '-n', '500']))
  assert.is(events.filter((e) => e.type === 'alert').length, 7)
})

t('--auto-nudge nudges idle and stuck workers once per cooldown, never a waiting one', async () => {
  const pool = await sb.pool()
  pool.config.set('watch.nudge_after', '0')
  pool.config.set('watch.nudge_cooldown', '3600')
  await pool.close()
  const first = await sb.wt(['watch', '--no-tui', '--json', '--auto-nudge', '--interval', '0.3', '--ticks', '3'])
  assert.is(first.code, 0, first.stderr)
  const second = await sb.wt(['watch', '--no-tui', '--json', '--auto-nudge', '--interval', '0.3', '--ticks', '2'])
  assert.is(second.code, 0, second.stderr)
  const events = json<Array<{ type: string; worker: string }>>(await sb.wt(['events', '--json', '-n', '500']))
  const nudged = events.filter((e) => e.type === 'nudged' || e.type === 'nudge_failed').map((e) => e.worker)
  assert.equal(nudged.sort(), ['cobalt', 'dune'])
  const nudges = [...first.stdout.split('\n'), ...second.stdout.split('\n')].filter(Boolean).map((l) => JSON.parse(l) as { type: string; name: string })
  assert.equal(
    nudges
      .filter((n) => n.type === 'nudge')
      .map((n) => n.name)
      .sort(),
    ['cobalt', 'dune'],
  )
})

t.run()
