import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { seance } from '../../packages/core/src/seance/service.js'
import { fakeClaude, seanceSandbox, slugOf, Transcript } from '../_support/transcripts.js'

/** A sandbox whose PATH has `claude` → the fake agent CLI, run as if from inside a Claude session. */
function withFakeClaude() {
  const box = seanceSandbox()
  const bin = join(box.root, 'bin')
  mkdirSync(bin)
  symlinkSync(fakeClaude, join(bin, 'claude'))
  const log = join(box.root, 'fake-claude.log')
  const env = { ...box.env, PATH: `${bin}:${process.env.PATH}`, FAKE_CLAUDE_LOG: log, CLAUDECODE: '1', CLAUDE_CODE_ENTRYPOINT: 'cli' }
  const calls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : []
  return { ...box, env, calls }
}

async function rejects(promise: Promise<unknown>, pattern: RegExp) {
  try {
    await promise
  } catch (e) {
    assert.match((e as Error).message, pattern)
    return
  }
  assert.unreachable(`expected a rejection matching ${pattern}`)
}

// A temp folder of this file's own: other test files running at the same time make wt-seance-* dirs too.
const ownTmp = mkdtempSync(join(tmpdir(), 'seance-resume-'))
process.env.TMPDIR = ownTmp
test.after(() => rmSync(ownTmp, { recursive: true, force: true }))
const seanceDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('wt-seance-'))

test('fork-resume runs the agent from a directory whose slug holds the transcript; the original stays byte-identical', async () => {
  const { config, worktree, env, calls, openIndex } = withFakeClaude()
  const index = await openIndex()
  const wt = worktree('toast')
  const older = new Transcript(wt, undefined, '2026-11-01T09:00:00.000Z').prompt('old work').text('old')
  const olderPath = older.write(config)
  const latest = new Transcript(wt, undefined, '2026-11-02T09:00:00.000Z').prompt('new work').text('I picked SQLite.')
  await new Promise((r) => setTimeout(r, 20)) // a later mtime: the latest session is the last written
  const latestPath = latest.write(config)
  const original = readFileSync(latestPath)
  const dirsBefore = seanceDirs()

  const subject = {
    name: 'toast',
    bead: 'bd-7',
    worktree: wt,
    sessions: [{ session_id: older.sessionId }, { session_id: latest.sessionId, transcript_path: latestPath }],
  }
  const r = await seance(subject, 'why SQLite; not "JSON"?', { index, env })
  assert.is(r.mode, 'resume')
  if (r.mode !== 'resume') return
  assert.is(r.session_id, latest.sessionId)
  assert.match(r.answer, /^FAKE ANSWER to "why SQLite; not "JSON"\?"/)

  const [call] = calls()
  assert.equal(call.argv, ['--resume', latest.sessionId, '--fork-session', '-p', 'why SQLite; not "JSON"?'])
  assert.ok(call.cwd.startsWith(join(tmpdir(), 'wt-seance-')) || call.cwd.includes('wt-seance-'))
  assert.is(call.transcript, join(config, 'projects', slugOf(call.cwd), `${latest.sessionId}.jsonl`))
  assert.is(call.transcript_found, true)
  assert.is(call.transcript_lines, latest.records.length)
  assert.equal(call.env, { CLAUDECODE: null, CLAUDE_CODE_ENTRYPOINT: null })

  // The fake appended to the transcript it resumed: that was a copy. Copy, fork and temp dir are gone.
  assert.ok(readFileSync(latestPath).equals(original))
  assert.is(existsSync(call.transcript), false)
  assert.is(existsSync(join(config, 'projects', slugOf(call.cwd))), false)
  assert.is(existsSync(call.cwd), false)
  assert.equal(seanceDirs(), dirsBefore)

  // --session picks an older one (by unique prefix).
  const r2 = await seance(subject, 'and before?', { index, env, sessionId: older.sessionId.slice(0, 8) })
  assert.is(r2.mode === 'resume' && r2.session_id, older.sessionId)
  assert.ok(readFileSync(olderPath).equals(Buffer.from(older.jsonl())))
})

test('a failing agent run is cleaned up and answered offline, saying why', async () => {
  const { config, worktree, env, calls, openIndex } = withFakeClaude()
  const index = await openIndex()
  const wt = worktree('crash_w')
  const path = new Transcript(wt).prompt('do it').text('I used a queue because polling wasted CPU.').write(config)
  const original = readFileSync(path)
  const r = await seance({ name: 'crash_w', bead: null, worktree: wt, sessions: [] }, 'why a queue?', { index, env: { ...env, FAKE_CLAUDE_FAIL: '1' } })
  assert.is(r.mode, 'offline')
  if (r.mode !== 'offline') return
  assert.match(r.reason, /exited 3: fake-claude: API error 529 overloaded/)
  assert.match(r.passages[0].text, /because polling wasted CPU/)
  const [call] = calls()
  assert.is(existsSync(call.cwd), false)
  assert.is(existsSync(join(config, 'projects', slugOf(call.cwd))), false)
  assert.ok(readFileSync(path).equals(original))
})

test('without the agent CLI, or with offline, the answer comes from the transcript', async () => {
  const { config, worktree, env, calls, openIndex } = withFakeClaude()
  const index = await openIndex()
  const wt = worktree('gone_w')
  new Transcript(wt).prompt('pick a port').text('Port 5433, because 5432 clashes with the system Postgres.').write(config)
  const subject = { name: 'gone_w', bead: null, worktree: wt, sessions: [] }
  const missing = await seance(subject, 'why that port?', { index, env, command: 'no-such-agent-cli' })
  assert.equal([missing.mode, missing.mode === 'offline' && missing.reason], ['offline', 'no-such-agent-cli not found on PATH'])
  const offline = await seance(subject, 'why that port?', { index, env, offline: true })
  assert.equal([offline.mode, offline.mode === 'offline' && offline.reason], ['offline', '--offline'])
  assert.ok(offline.mode === 'offline' && /5432 clashes/.test(offline.passages[0].text))
  assert.equal(calls(), [])
  await rejects(seance({ ...subject, worktree: worktree('never_ran') }, 'why?', { index, env, offline: true }), /no transcripts found for gone_w/)
  await rejects(seance(subject, '  ', { index, env }), /question is empty/)
  await rejects(seance(subject, 'why?', { index, env, sessionId: 'zzz' }), /session not found: zzz/)
})

test.run()
