// End to end: a worker spawned with `wt new` (a fake agent whose SessionStart hook reports its
// session), killed with `wt kill` a week ago, still answers `wt seance` — through the agent CLI
// (test/_support/fake-claude.mjs) and, when that is missing, offline from its transcript.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { fakeClaude, Transcript } from '../_support/transcripts.js'
import { eventually, fakeAgent, sandbox, type Sandbox } from '../_support/wt.js'

const t = suite('wt seance')
let sb: Sandbox
let claudeConfig: string
let claudeLog: string

t.before(async () => {
  sb = await sandbox('seance')
  claudeConfig = join(sb.dir, 'claude-config')
  claudeLog = join(sb.dir, 'fake-claude.log')
  // The tmux server, the agent and its hooks inherit these from the first `wt` call.
  Object.assign(sb.env, { CLAUDE_CONFIG_DIR: claudeConfig, FAKE_CLAUDE_LOG: claudeLog })
  const pool = await sb.pool()
  pool.config.set('agent.preset', 'claude')
  pool.config.set('agent.command', `${process.execPath} ${fakeAgent} ${sb.logs} --session-start`)
  await pool.close()
})
t.after(() => sb.cleanup())

const ok = (r: { code: number; stdout: string; stderr: string }) => {
  assert.is(r.code, 0, r.stderr)
  return r
}
const DAY = 86_400_000

t('a worker killed a week ago is listed, answers through the agent CLI and offline, and reports its cost', async () => {
  const bead = await sb.bead({ title: 'Session store' })
  const { name } = JSON.parse(ok(await sb.wt(['new', bead.id, '--no-switch', '--json'])).stdout)
  const pool = await sb.pool()
  const db = pool.ctx.state.db
  try {
    // The agent's SessionStart hook ran `wt hook session-start`: the session is in wt.db.
    const worker = await db.selectFrom('workers').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
    const recorded = await eventually(() => db.selectFrom('agent_sessions').selectAll().where('worker_id', '=', worker.id).executeTakeFirst(), 10_000)
    assert.is(recorded.cwd, worker.worktree)
    const weekAgo = Date.now() - 7 * DAY
    const transcript = new Transcript(worker.worktree, recorded.session_id, new Date(weekAgo - 3_600_000).toISOString())
      .prompt('Store sessions durably')
      .text('I picked SQLite because two workers writing JSON at once lost data.', {
        input_tokens: 12,
        output_tokens: 40,
        cache_read_input_tokens: 300,
        cache_creation_input_tokens: 100,
      })
      .tool('Bash', { command: 'git commit -am "Store sessions in SQLite"' }, `[${bead.id} 9f8e7d6] Store sessions in SQLite`)
    const path = transcript.write(claudeConfig)
    assert.is(path, recorded.transcript_path)
    const original = readFileSync(path)

    ok(await sb.wt(['kill', name, '--json']))
    const ended = new Date(weekAgo).toISOString()
    await db
      .updateTable('workers')
      .set({ created_at: new Date(weekAgo - 2 * 3_600_000).toISOString(), ended_at: ended })
      .where('id', '=', worker.id)
      .execute()

    ok(await sb.wt(['config', 'set', 'seance.command', fakeClaude]))
    const rows = JSON.parse(ok(await sb.wt(['seance', '--json'])).stdout)
    assert.equal(
      rows.map((r: Record<string, unknown>) => [r.name, r.bead, r.title, r.project, r.ended_at, r.end_reason, r.session_ids]),
      [[name, bead.id, 'Session store', 'demo', ended, 'killed', [recorded.session_id]]],
    )

    // (a) Through the agent CLI: a fork of the session, run where Claude Code looks for it.
    const question = 'why did you pick SQLite for the session store?'
    const resumed = JSON.parse(ok(await sb.wt(['seance', name, '-p', question, '--json'])).stdout)
    assert.equal([resumed.mode, resumed.session_id, resumed.note], ['resume', recorded.session_id, null])
    assert.match(resumed.answer, /^FAKE ANSWER to "why did you pick SQLite/)
    const [call] = readFileSync(claudeLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.equal(call.argv, ['--resume', recorded.session_id, '--fork-session', '-p', question])
    assert.is(call.transcript, join(claudeConfig, 'projects', call.cwd.replace(/[^A-Za-z0-9]/g, '-'), `${recorded.session_id}.jsonl`))
    assert.equal([call.transcript_found, call.transcript_lines], [true, transcript.records.length])
    assert.equal([existsSync(call.transcript), existsSync(call.cwd)], [false, false])
    assert.ok(readFileSync(path).equals(original), 'the original transcript is byte-identical')

    // (b) The agent CLI is missing: answered offline from the transcript, found by bead id.
    pool.config.set('seance.command', 'no-such-seance-cli')
    const offline = ok(await sb.wt(['seance', bead.id, '-p', question]))
    assert.match(offline.stderr, /Answering offline: no-such-seance-cli not found on PATH/)
    assert.match(
      offline.stdout,
      /Most relevant passages\n {2}\d{4}-\d\d-\d\d \d\d:\d\d assistant\n {4}I picked SQLite because two workers writing JSON at once lost data\./,
    )
    assert.match(offline.stdout, /9f8e7d6 Store sessions in SQLite/)

    const stats = JSON.parse(ok(await sb.wt(['seance', name, '--stats', '--json'])).stdout)
    assert.equal(
      [stats.subject.bead, stats.turns, stats.total.requests, stats.total.output_tokens, stats.total.cache_read_input_tokens],
      [bead.id, 1, 2, 60, 300],
    )
    assert.equal(
      stats.sessions.map((s: { session_id: string }) => s.session_id),
      [recorded.session_id],
    )
  } finally {
    await pool.close()
  }
})

t.run()
