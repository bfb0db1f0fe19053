/**
 * wt with the real Codex CLI (the pinned devDependency) against the loopback stand-in's Responses API
 * (streaming), on a private tmux socket. One worker: its untrusted worktree shows Codex's trust menu
 * (waiting; send refuses; answer trusts), the first prompt (its argument) reaches the API once, a tool
 * call runs, the turn ends idle, a command outside the sandbox asks approval (waiting; send refuses;
 * answer approves), and a killed session is dead. WT_PRINT_MOMENTS=1 prints the table.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { startStandIn, type StandIn } from '../_support/api-standin.js'
import { momentsOf, ok, waitFor } from '../_support/moments.js'
import { codexCli, type RealCli } from '../_support/real-agents.js'
import { sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt with the real Codex CLI')
let sb: Sandbox
let api: StandIn
let cli: RealCli
const { observe, print } = momentsOf(() => sb, 'codex')

t.before(async () => {
  sb = await sandbox('real-codex')
  api = await startStandIn({ delayMs: 1500 })
})

t.after(async () => {
  print(`Codex ${cli?.version}`)
  sb.cleanup()
  await api.close()
  // Codex's helpers write lock files into CODEX_HOME for a moment after their server is gone.
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250))
    if (!existsSync(sb.dir)) break
    rmSync(sb.dir, { recursive: true, force: true })
  }
})

t('the pinned Codex CLI is installed (npm ci)', () => {
  cli = codexCli()
  // Codex reads its model provider from $CODEX_HOME/config.toml: the stand-in's Responses API.
  const codexHome = join(sb.dir, 'codex-home')
  mkdirSync(codexHome, { recursive: true })
  writeFileSync(
    join(codexHome, 'config.toml'),
    `model = "gpt-standin"\nmodel_provider = "standin"\n\n[model_providers.standin]\nname = "standin"\nbase_url = "${api.url}/v1"\nenv_key = "OPENAI_API_KEY"\nwire_api = "responses"\n`,
  )
  Object.assign(sb.env, api.env(), { HOME: codexHome, CODEX_HOME: codexHome, OPENAI_API_KEY: 'sk-test-wt-standin' })
})

t('a codex worker: trust menu and approval menu waiting (send refuses, answer picks), first prompt once, tool calls, idle, a killed session dead', async () => {
  ok(await sb.wt(['config', 'unset', 'agent.ready_pattern']), 'config unset agent.ready_pattern')
  for (const [key, value] of Object.entries({
    'agent.preset': 'codex',
    'agent.command': `${process.execPath} ${cli.bin}`,
    'agent.prompt_via': 'arg',
    'agent.ready_timeout': '90',
  })) {
    ok(await sb.wt(['config', 'set', key, value]), `config set ${key}`)
  }
  const bead = await sb.bead({ title: 'codex walk', description: `Make the file. [[bash: touch made-by-codex.txt]] [[slow: 8000]]` })
  const spawned = await sb.wt(['new', bead.id, '--no-switch'])
  ok(spawned, 'wt new')
  const name = spawned.stdout.split('\n')[0]!.trim()
  // Codex draws its input prompt first and the trust menu a few seconds later: `wt new` may have
  // returned on the prompt; the watcher sees the menu when it comes.

  const trust = await observe(name, 'untrusted worktree', 'waiting · trust menu', (r) => r.state === 'waiting' && r.menu?.kind === 'trust')
  assert.is(trust.menu!.options[0]!.label, 'Trust and continue')
  const refused = await sb.wt(['send', name, 'go'])
  assert.is(refused.code, 1, refused.stdout)
  assert.match(refused.stderr, /waiting on a trust menu/)
  ok(await sb.wt(['answer', name, 'Trust and continue']), 'wt answer')
  await observe(name, 'trusted: the first prompt runs', 'working', (r) => r.state === 'working')

  const worktree = trust.worktree
  assert.ok(await waitFor(() => existsSync(join(worktree, 'made-by-codex.txt')), 60_000), 'the tool call ran in the worktree')
  await observe(name, 'turn done', 'idle', (r) => r.state === 'idle')
  const prompts = api.requests.filter((r) => r.main && r.text.includes(`assigned bead ${bead.id}`))
  assert.ok(prompts.length >= 1, 'the first prompt reached the API')
  assert.is(new Set(prompts.map((r) => r.text)).size, 1, 'one first prompt (its follow-up after the tool result carries the same text)')
  assert.is(
    api.requests.filter((r) => r.main && !r.reply.startsWith('tool ') && r.text.includes(`assigned bead ${bead.id}`) && r.reply.startsWith('Stand-in reply'))
      .length,
    0,
    'no second submission of the prompt',
  )

  // A command outside the sandbox: Codex asks; send refuses; answer approves; the command runs.
  const outside = join(sb.dir, 'outside-by-codex.txt')
  ok(await sb.wt(['send', name, `please [[bash!: touch ${outside}]]`]), 'wt send (escalated command)')
  const asking = await observe(name, 'approval asked', 'waiting · permission menu', (r) => r.state === 'waiting' && r.menu?.kind === 'permission')
  assert.is(asking.menu!.question, 'Would you like to run the following command?')
  const refusedToo = await sb.wt(['send', name, 'yes'])
  assert.is(refusedToo.code, 1, refusedToo.stdout)
  assert.match(
    refusedToo.stderr.replace(/\s+/g, ' '),
    /waiting on a permission menu, not at its prompt: Would you like to run the following command\? \[1\. Yes, proceed \(y\)/,
    refusedToo.stderr,
  )
  assert.not.ok(existsSync(outside), 'nothing approved it')
  ok(await sb.wt(['answer', name, '1']), 'wt answer 1')
  assert.ok(await waitFor(() => existsSync(outside), 30_000), 'the approved command ran')
  await observe(name, 'after the approved command', 'idle', (r) => r.state === 'idle')

  sb.tmux('kill-session', '-t', `=${name}`)
  await observe(name, 'tmux kill-session', 'dead', (r) => r.state === 'dead')
  for (const host of api.refused) assert.not.match(host, /^(127\.|localhost|\[?::1)/)
})

t.run()
