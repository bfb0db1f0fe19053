import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { findTranscripts } from '../../packages/core/src/seance/discovery.js'
import { readJsonl } from '../../packages/core/src/seance/jsonl.js'
import { slug } from '../../packages/core/src/seance/paths.js'
import { seanceStats, seance } from '../../packages/core/src/seance/service.js'
import { seanceSandbox, slugOf, Transcript } from '../_support/transcripts.js'

test('slug replaces every character outside [A-Za-z0-9] with a dash', () => {
  assert.is(slug('/home/ann/worktrees/my_app.v2/toast'), '-home-ann-worktrees-my-app-v2-toast')
  assert.is(slug('/a b/ü'), '-a-b--')
})

test('the JSONL reader gives offsets, skips garbage lines and drops a torn last line', async () => {
  const { root } = seanceSandbox()
  const path = join(root, 't.jsonl')
  writeFileSync(path, '{"type":"user"}\nnot json\n\n{"type":"new-kind","x":1}\n{"type":"assist')
  const lines = []
  for await (const line of readJsonl(path)) lines.push(line)
  assert.equal(
    lines.map((l) => l.value),
    [{ type: 'user' }, undefined, undefined, { type: 'new-kind', x: 1 }],
  )
  assert.equal(
    lines.map((l) => l.end),
    [16, 25, 26, 52],
  )
  const resumed = []
  for await (const line of readJsonl(path, { start: 26 })) resumed.push(line.value)
  assert.equal(resumed, [{ type: 'new-kind', x: 1 }])
  appendFileSync(path, 'ant"}')
  const tail = []
  for await (const line of readJsonl(path, { start: 52 })) tail.push(line)
  assert.equal(
    tail.map((l) => [l.value, l.terminated]),
    [[{ type: 'assistant' }, false]],
  )
})

test('discovery prefers recorded sessions, and falls back to the slug folder filtered by cwd and lifetime', async () => {
  const { config, worktree, env } = seanceSandbox()
  const dotted = worktree('toast') // …/my_app.v2/toast
  const twin = dotted.replace('my_app.v2', 'my-app-v2') // same slug, another worktree
  assert.is(slugOf(dotted), slugOf(twin))
  const a = new Transcript(dotted).prompt('hello').text('hi')
  const b = new Transcript(twin).prompt('other worker').text('hi')
  const aPath = a.write(config)
  b.write(config)
  const fallback = await findTranscripts({ name: 'toast', bead: null, worktree: dotted, sessions: [] }, env)
  assert.equal(
    fallback.map((f) => f.path),
    [aPath],
  )
  // The worktree (<root>/<bead>) reused by a later worker: each worker's lifetime keeps its own.
  const later = new Transcript(dotted, undefined, '2026-11-20T08:00:00.000Z').prompt('again').write(config)
  const first = { name: 'toast', bead: 'bd-1', worktree: dotted, sessions: [], created_at: '2026-11-14T09:00:00.000Z', ended_at: '2026-11-14T12:00:00.000Z' }
  assert.equal(
    (await findTranscripts(first, env)).map((f) => f.path),
    [aPath],
  )
  assert.equal(
    (await findTranscripts({ ...first, created_at: '2026-11-20T07:59:00.000Z', ended_at: null }, env)).map((f) => f.path),
    [later],
  )
  // A recorded session elsewhere (the agent started in another directory) is found by id.
  const elsewhere = new Transcript('/somewhere/else').prompt('x')
  const elsewherePath = elsewhere.write(config)
  const recorded = await findTranscripts({ name: 'toast', bead: 'bd-1', worktree: dotted, sessions: [{ session_id: elsewhere.sessionId }] }, env)
  assert.equal(
    recorded.map((f) => [f.session_id, f.path]),
    [[elsewhere.sessionId, elsewherePath]],
  )
})

test('stats sum usage per model once per message id, with turns, wall time and cache ratio', async () => {
  const { config, worktree, env } = seanceSandbox()
  const wt = worktree('stats_w')
  const t = new Transcript(wt, undefined, '2026-11-14T10:00:00.000Z')
    .prompt('build it')
    // one response, three content blocks → three records repeating id and usage: counted once
    .assistant(
      [
        { type: 'thinking', thinking: 'hm', signature: 's' },
        { type: 'text', text: 'ok' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
      { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 400 },
      { stop_reason: 'tool_use' },
    )
    .text('done', { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 1500, cache_creation_input_tokens: 0 })
    .prompt('and the docs')
    .wait(118)
    .assistant(
      [{ type: 'text', text: 'docs done' }],
      { input_tokens: 7, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 90 },
      { model: 'claude-haiku-4-5', stop_reason: 'end_turn' },
    )
    .assistant([{ type: 'text', text: 'No response requested.' }], { input_tokens: 0, output_tokens: 0 }, { model: '<synthetic>' })
    .unknown()
  t.write(config)
  const s = await seanceStats({ name: 'stats_w', bead: null, worktree: wt, sessions: [] }, { env })
  assert.is(s.turns, 2)
  assert.is(s.wall_seconds, 125) // 8 timed records 1 s apart, plus 118 s of waiting
  assert.equal(s.total, {
    requests: 3,
    input_tokens: 117,
    output_tokens: 58,
    cache_read_input_tokens: 2500,
    cache_creation_input_tokens: 490,
    cache_ratio: 0.8046,
  }) // 2500 / (117 + 2500 + 490)
  assert.equal(
    s.models.map((m) => [m.model, m.requests, m.output_tokens]),
    [
      ['claude-sonnet-4-5-20250929', 2, 55],
      ['claude-haiku-4-5', 1, 3],
    ],
  )
})

test('the digest lists prompts, edited files, commands, commits and how it ended', async () => {
  const { config, worktree, env, openIndex } = seanceSandbox()
  const index = await openIndex()
  const wt = worktree('digest_w')
  mkdirSync(wt, { recursive: true })
  new Transcript(wt)
    .summary('Add a cache layer')
    .prompt('Add a cache in front of the db')
    .tool('Read', { file_path: `${wt}/src/db.ts` }, 'export const db = …')
    .tool('Edit', { file_path: `${wt}/src/db.ts`, old_string: 'a', new_string: 'b' }, 'ok')
    .tool('Write', { file_path: `${wt}/src/cache.ts`, content: 'export {}' }, 'ok')
    .tool('MultiEdit', { file_path: `${wt}/src/db.ts`, edits: [] }, 'ok')
    .tool('NotebookEdit', { notebook_path: `${wt}/nb.ipynb`, new_source: 'x' }, 'ok')
    .tool('Bash', { command: 'npm test', description: 'Run tests' }, '12 passed')
    .tool('Bash', { command: 'git add -A && git commit -m "Add cache"' }, '[toast 1a2b3c4] Add cache\n 2 files changed')
    .tool('Bash', { command: 'git commit --amend --no-edit' }, 'error: nothing', undefined, true)
    .text('The cache is in place; tests pass.')
    .write(config)
  const r = await seance({ name: 'digest_w', bead: null, worktree: wt, sessions: [] }, 'what did you do?', { index, env, offline: true })
  assert.is(r.mode, 'offline')
  if (r.mode !== 'offline') return
  const d = r.digest
  assert.equal(d.summaries, ['Add a cache layer'])
  assert.equal(
    d.prompts.map((p) => p.text),
    ['Add a cache in front of the db'],
  )
  assert.equal(d.files_edited, [
    { path: `${wt}/src/db.ts`, edits: 2 },
    { path: `${wt}/src/cache.ts`, edits: 1 },
    { path: `${wt}/nb.ipynb`, edits: 1 },
  ])
  assert.equal(
    d.commands.map((c) => c.command),
    ['npm test', 'git add -A && git commit -m "Add cache"', 'git commit --amend --no-edit'],
  )
  assert.equal(
    d.commits.map((c) => [c.sha, c.subject]),
    [
      ['1a2b3c4', 'Add cache'],
      [null, null],
    ],
  )
  assert.equal([d.ending?.text, d.ending?.stop_reason], ['The cache is in place; tests pass.', 'end_turn'])
})

test('subagent transcripts (beside the session or under it) are counted and searched, never listed as sessions', async () => {
  const { config, worktree, env, openIndex } = seanceSandbox()
  const index = await openIndex()
  const wt = worktree('agents_w')
  const main = new Transcript(wt)
    .prompt('Refactor the parser')
    .userRecord('<command-name>/compact</command-name>', {})
    .userRecord('This session is being continued from a previous conversation. Summary: we chose a Pratt parser.', { isCompactSummary: true })
    .userRecord('Caveat: the messages below were generated by the user while running local commands.', { isMeta: true })
    .text('Delegating the search.', { input_tokens: 1, output_tokens: 10 })
  main.write(config)
  // Claude Code 2.0: agent-<id>.jsonl beside the session; 2.1: <session>/subagents/agent-<id>.jsonl.
  new Transcript(wt, main.sessionId)
    .asAgent('a1')
    .prompt('Find every caller of parse()')
    .tool('Edit', { file_path: `${wt}/src/lexer.ts` }, 'ok', { input_tokens: 2, output_tokens: 100 })
    .write(config, 'agent-a1.jsonl')
  new Transcript(wt, main.sessionId)
    .asAgent('b2')
    .prompt('Run the tests')
    .text('All green.', { input_tokens: 3, output_tokens: 1000 })
    .write(config, `${main.sessionId}/subagents/agent-b2.jsonl`)
  new Transcript(wt, 'another-session').asAgent('c3').text('not ours', { input_tokens: 0, output_tokens: 7 }).write(config, 'agent-c3.jsonl')

  const [session, ...none] = await findTranscripts({ name: 'agents_w', bead: null, worktree: wt, sessions: [] }, env)
  assert.equal(none, [])
  assert.equal(
    session.sidechains?.map((f) => f.path.split('/').slice(-1)[0]),
    ['agent-a1.jsonl', 'agent-b2.jsonl'],
  )
  const subject = { name: 'agents_w', bead: null, worktree: wt, sessions: [] }
  const stats = await seanceStats(subject, { env })
  assert.equal([stats.turns, stats.total.output_tokens, stats.total.requests], [1, 1110, 3])
  const r = await seance(subject, 'why a Pratt parser?', { index, env, offline: true })
  if (r.mode !== 'offline') throw new Error('expected offline')
  assert.equal(
    r.digest.prompts.map((p) => p.text),
    ['Refactor the parser'],
  )
  assert.equal(
    r.digest.files_edited.map((f) => f.path),
    [`${wt}/src/lexer.ts`],
  )
  assert.equal(r.digest.ending?.text, 'Delegating the search.')
  assert.equal([r.passages[0].speaker, r.passages[0].kind], ['summary', 'summary'])
})

test.run()
