// End to end: the built `wt` CLI against a temp CLAUDE_CONFIG_DIR, with a fake agent CLI on PATH.
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { fakeClaude, seanceSandbox, Transcript } from '../_support/transcripts.js'

const wtBin = new URL('../../packages/wt/bin/run.js', import.meta.url).pathname
const box = seanceSandbox()
const bin = join(box.root, 'bin')
mkdirSync(bin)
symlinkSync(fakeClaude, join(bin, 'claude'))
const env = { ...box.env, PATH: `${bin}:${process.env.PATH}`, FAKE_CLAUDE_LOG: join(box.root, 'calls.log'), NO_COLOR: '1' }

const wt = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, [wtBin, ...args], { env: { ...env, ...extraEnv } }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  )

const toast = box.worktree('toast')
const session = new Transcript(toast)
  .summary('Session store')
  .prompt('Store sessions durably')
  .text('I picked SQLite because two workers writing JSON at once lost data.', { input_tokens: 12, output_tokens: 40, cache_read_input_tokens: 300, cache_creation_input_tokens: 100 })
  .tool('Bash', { command: 'git commit -am "Store sessions in SQLite"' }, '[toast 9f8e7d6] Store sessions in SQLite')
const path = session.write(box.config)
new Transcript(box.worktree('other_one')).prompt('hi').text('hello').write(box.config)

test('wt seance lists the workers that have transcripts', async () => {
  const r = await wt(['seance', '--json'])
  assert.is(r.code, 0, r.stderr)
  const rows = JSON.parse(r.stdout)
  assert.equal(rows.map((x: { name: string }) => x.name).sort(), ['other_one', 'toast'])
  assert.equal(rows.find((x: { name: string }) => x.name === 'toast').session_ids, [session.sessionId])
})

test('wt seance <name> -p forks the session through the agent CLI; --offline answers from the transcript', async () => {
  const original = readFileSync(path)
  const resumed = await wt(['seance', 'toast', '-p', 'why SQLite?', '--json'])
  assert.is(resumed.code, 0, resumed.stderr)
  const answer = JSON.parse(resumed.stdout)
  assert.equal([answer.mode, answer.session_id], ['resume', session.sessionId])
  assert.match(answer.answer, /FAKE ANSWER to "why SQLite\?"/)
  assert.ok(readFileSync(path).equals(original))

  const offline = await wt(['seance', 'toast', '-p', 'why SQLite?', '--offline'])
  assert.is(offline.code, 0, offline.stderr)
  assert.match(offline.stdout, /Most relevant passages\n {2}2026-11-14 10:00 assistant\n {4}I picked SQLite because two workers writing JSON at once lost data\./)
  assert.match(offline.stdout, /9f8e7d6 Store sessions in SQLite/)
  assert.match(offline.stdout, /Prompts \(1\):\n.*Store sessions durably/)
})

test('wt seance <name> --stats --json sums usage; bad input exits non-zero with a message', async () => {
  const stats = await wt(['seance', 'toast', '--stats', '--json'])
  assert.is(stats.code, 0, stats.stderr)
  const s = JSON.parse(stats.stdout)
  assert.equal([s.turns, s.total.output_tokens, s.total.cache_read_input_tokens, s.total.requests], [1, 60, 300, 2])
  const unknown = await wt(['seance', 'nobody', '-p', 'why?', '--json'])
  assert.is(unknown.code, 1)
  assert.is(JSON.parse(unknown.stdout).error.code, 'NOT_FOUND')
})

test.run()
