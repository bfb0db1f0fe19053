import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { descendantCommands, parseProcessTable } from '../../packages/core/src/adapters/process-tree.js'
import { unsetNestedSession, withoutNestedSession } from '../../packages/core/src/adapters/tmux/nested-session.js'
import { ago, input, now } from '../_support/classify-input.js'
import { classify } from '../../packages/core/src/workers/rules/classifier.js'
import { describeMenu } from '../../packages/core/src/workers/rules/menu.js'
import { presets, readScreen } from '../../packages/core/src/workers/rules/presets.js'
import { trackTransitions } from '../../packages/core/src/workers/rules/transitions.js'
import { pickOption } from '../../packages/core/src/workers/answer.js'

// Screens captured from the real Claude Code CLI (version in test/fixtures/screens/claude/real-cli.json).
const screens = fileURLToPath(new URL('../fixtures/screens/claude/', import.meta.url))
const screen = (name: string) => readFileSync(screens + name, 'utf8')
const menuOf = (name: string) => readScreen(presets.claude, screen(name))!.menu!

test('real menus: kind, question, options and the highlighted one (what Enter would pick)', () => {
  const trust = menuOf('waiting-real-trust.txt')
  assert.equal(
    [trust.kind, trust.question, trust.options.map((o) => o.label), trust.selected],
    ['trust', 'Quick safety check: Is this a project you created or one you trust?', ['No, exit', 'Yes, I trust this folder'], 1],
  )
  const key = menuOf('waiting-real-apikey.txt')
  assert.equal([key.kind, key.question, key.selected], ['api-key', 'Do you want to use this API key?', 2])
  assert.is(menuOf('waiting-real-automode.txt').kind, 'auto-mode')
  const permission = menuOf('waiting-real-permission.txt')
  assert.equal([permission.kind, permission.options.length, permission.options[3]!.label], ['permission', 4, 'No'])
  assert.match(describeMenu(permission), /^Do you want to proceed\? \[1\. Yes · 2\. Yes, and always allow .* · 4\. No\]$/)
})

test('the input prompt is not a menu: a turn that ended, or was interrupted, has none', () => {
  for (const name of ['idle-real-fresh.txt', 'interrupted-real-working.txt', 'working-real-spinner.txt', 'idle-4.txt']) {
    assert.is(readScreen(presets.claude, screen(name))?.menu, undefined, name)
  }
})

test('an interrupt far above the input box (blank padding between) is still read as interrupted', () => {
  const text = screen('interrupted-real-working.txt')
  assert.ok(text.split('\n').length - text.split('\n').findIndex((l) => l.includes('Interrupted ·')) > 30, 'the notice sits high in the pane')
  assert.is(readScreen(presets.claude, text)?.reading, 'interrupted')
})

test('wt answer picks by number or label; a vague or unknown label is refused, naming the options', () => {
  const permission = menuOf('waiting-real-permission.txt')
  assert.is(pickOption(permission, '4').label, 'No')
  assert.is(pickOption(permission, 'no').number, 4)
  assert.is(pickOption(menuOf('waiting-real-trust.txt'), 'yes, i trust').number, 2)
  assert.throws(() => pickOption(permission, 'yes, and'), /matches 2 options/)
  assert.throws(() => pickOption(permission, 'maybe'), /no option "maybe" in the permission menu: 1\. Yes · /)
  assert.throws(() => pickOption(permission, '9'), /no option "9"/)
})

test('a menu on screen overrides a fresh report at once; the question is the message', () => {
  // The auto-mode offer pops up within a second of the Stop hook (inside report_grace).
  const c = classify(input(screen('waiting-real-automode.txt'), 1, { hook: { kind: 'turn_stopped', at: ago(1) } }))
  assert.is(c.state, 'waiting')
  assert.is(c.menu?.kind, 'auto-mode')
  assert.match(c.message!, /^Make auto mode your default permission mode\? \[1\. Yes, set auto mode/)
  const trusting = classify(input(screen('waiting-real-trust.txt'), 2, { createdAt: ago(3) }))
  assert.is(trusting.state, 'waiting')
})

test("an agent's notification is not activity: idle time keeps counting", () => {
  const idle = screen('idle-real-fresh.txt')
  const c = classify(input(idle, 400, { hook: { kind: 'notification', at: ago(340), message: 'Claude is waiting for your input' } }))
  assert.is(c.state, 'idle')
  assert.ok(c.idle_seconds >= 400, `${c.idle_seconds}`)
})

test('liveness from the process tree: a wrapper shell still running its agent is alive; a bare shell is exited', () => {
  const wrapper = { ...input(screen('idle-real-fresh.txt'), 100).pane!, currentCommand: 'sh' }
  assert.is(classify(input(screen('idle-real-fresh.txt'), 100, { pane: wrapper, processes: ['claude', 'bash'] })).state, 'idle')
  assert.is(classify(input(screen('idle-real-fresh.txt'), 100, { pane: wrapper, processes: [] })).state, 'exited')
  const table = parseProcessTable('  1     0 init\n 42     1 sh\n 43    42 claude\n 44    43 bash\n 45    44 /usr/bin/git\n 50     1 other\n')
  assert.equal(descendantCommands(table, 42), ['claude', 'bash', 'git'])
  assert.equal(descendantCommands(table, 50), [])
})

test('alerts are keyed by worker id: a reused name is a new worker, not a transition of the old one', () => {
  const first = trackTransitions(new Map(), [{ id: 1, name: 'toast', state: 'idle' }], now)
  const second = trackTransitions(first.states, [{ id: 2, name: 'toast', state: 'starting' }], now)
  assert.equal(second.alerts, [])
  const third = trackTransitions(second.states, [{ id: 2, name: 'toast', state: 'exited' }], now)
  assert.equal(
    third.alerts.map((a) => [a.id, a.from, a.to]),
    [[2, 'starting', 'exited']],
  )
})

test("the claude ready pattern matches the real ❯ prompt and the old box, never a menu's highlighted option", () => {
  const ready = new RegExp(presets.claude.readyPattern, 'm')
  assert.ok(ready.test(screen('idle-real-fresh.txt')))
  assert.ok(ready.test(screen('idle-1.txt')))
  for (const name of ['waiting-real-trust.txt', 'waiting-real-apikey.txt', 'waiting-real-automode.txt']) assert.not.ok(ready.test(screen(name)), name)
})

test('the codex ready pattern matches its real › prompt, not its trust menu', () => {
  const ready = new RegExp(presets.codex.readyPattern, 'm')
  const codex = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/screens/codex/${name}`, import.meta.url)), 'utf8')
  assert.ok(ready.test(codex('idle-real-fresh.txt')))
  assert.not.ok(ready.test(codex('waiting-real-trust.txt')))
  assert.is(readScreen(presets.codex, codex('waiting-real-trust.txt'))?.menu?.kind, 'trust')
})

test('nested-session variables never reach an agent: gone from the env, unset in the pane command', () => {
  assert.equal(withoutNestedSession({ CLAUDECODE: '1', CLAUDE_CODE_ENTRYPOINT: 'cli', PATH: '/bin' }), { PATH: '/bin' })
  assert.equal(unsetNestedSession(['claude', '--x']).slice(-3), ['--', 'claude', '--x'])
  assert.ok(unsetNestedSession(['claude']).join(' ').includes('-u CLAUDECODE -u CLAUDE_CODE_ENTRYPOINT'))
})

test.run()
