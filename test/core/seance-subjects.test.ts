// Seance subjects come from the worker registry (wt.db): workers live and past, their recorded
// agent sessions, and a fallback to the transcripts under the worktree's slug.
import { existsSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { WorkerPool } from '../../packages/core/src/workers/pool.js'
import { fakeClaude, seanceSandbox, Transcript } from '../_support/transcripts.js'

type WorkerIn = { name: string; bead: string; worktree: string; created_at: string; ended_at?: string | null; end_reason?: string | null; state?: string }

async function registry() {
  const box = seanceSandbox()
  const pool = await WorkerPool.open({ env: box.env, home: box.wtHome })
  const seances = await pool.seances()
  let offset = 0
  const worker = async (w: WorkerIn) => {
    const row = {
      project: 'demo',
      title: `work on ${w.bead}`,
      branch: w.bead,
      base_branch: 'main',
      base_commit: '',
      port_offset: ++offset,
      session: w.name,
      agent_command: 'claude',
      state: w.state ?? 'ended',
      state_at: w.created_at,
      signal: null,
      signal_message: null,
      signal_at: null,
      ended_at: null,
      end_reason: null,
      ...w,
    }
    const { id } = await seances.state.db.insertInto('workers').values(row).returning('id').executeTakeFirstOrThrow()
    return id
  }
  const session = (worker_id: number, session_id: string, fields: { transcript_path?: string; cwd?: string } = {}) =>
    seances.state.db
      .insertInto('agent_sessions')
      .values({ worker_id, session_id, transcript_path: fields.transcript_path ?? null, cwd: fields.cwd ?? null, started_at: '2026-11-01T00:00:00.000Z' })
      .execute()
  return { ...box, pool, seances, worker, session }
}

async function error(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { code: string; message: string }
  }
  throw new Error('expected a rejection')
}

test('names and beads reused by several workers: the most recent with transcripts answers, and a note says so', async () => {
  const { config, worktree, pool, seances, worker, session } = await registry()
  const t1 = worktree('t-1') // worktrees are <root>/<bead>: bead t-1 is worked on twice
  const first = await worker({
    name: 'toast',
    bead: 't-1',
    worktree: t1,
    created_at: '2026-11-01T09:00:00.000Z',
    ended_at: '2026-11-01T18:00:00.000Z',
    end_reason: 'killed',
  })
  const s1 = new Transcript(t1, undefined, '2026-11-01T09:01:00.000Z').prompt('cache it').text('I kept a plain map because the walrus cache was overkill.')
  await session(first, s1.sessionId, { transcript_path: s1.write(config) })
  // Recorded with its cwd only: found under that cwd's slug.
  const second = await worker({
    name: 'toast',
    bead: 't-2',
    worktree: worktree('t-2'),
    created_at: '2026-11-10T09:00:00.000Z',
    ended_at: '2026-11-10T18:00:00.000Z',
    end_reason: 'closed',
  })
  const s2 = new Transcript(worktree('t-2'), undefined, '2026-11-10T09:01:00.000Z')
    .prompt('pick a port')
    .text('Port 5433, because 5432 clashes with the system Postgres.', { input_tokens: 3, output_tokens: 70 })
  s2.write(config)
  await session(second, s2.sessionId, { cwd: worktree('t-2') })
  // The same bead again, no session recorded: only the transcript begun in its lifetime is its own.
  await worker({
    name: 'shadow',
    bead: 't-1',
    worktree: t1,
    created_at: '2026-11-05T09:00:00.000Z',
    ended_at: '2026-11-05T18:00:00.000Z',
    end_reason: 'killed',
  })
  const s3 = new Transcript(t1, undefined, '2026-11-05T09:02:00.000Z')
    .prompt('retry the cache')
    .text('I chose the walrus cache this time because eviction must be bounded.')
  s3.write(config)
  // Live, and no transcripts yet; a spawn in progress is not a worker at all.
  await worker({ name: 'toast', bead: 't-3', worktree: worktree('t-3'), created_at: '2026-11-20T09:00:00.000Z', state: 'working' })
  await worker({ name: 'quartz', bead: 't-4', worktree: worktree('t-4'), created_at: '2026-11-21T09:00:00.000Z', state: 'spawning' })
  seances.config.set('seance.command', 'no-such-seance-cli')

  const rows = (await seances.list()).map((r) => [r.name, r.bead, r.title, r.project, r.ended_at, r.end_reason, r.session_ids])
  assert.equal(
    rows.sort((a, b) => String(a[4]).localeCompare(String(b[4]))),
    [
      ['toast', 't-1', 'work on t-1', 'demo', '2026-11-01T18:00:00.000Z', 'killed', [s1.sessionId]],
      ['shadow', 't-1', 'work on t-1', 'demo', '2026-11-05T18:00:00.000Z', 'killed', [s3.sessionId]],
      ['toast', 't-2', 'work on t-2', 'demo', '2026-11-10T18:00:00.000Z', 'closed', [s2.sessionId]],
    ],
  )

  const byName = await seances.ask('toast', 'why that port?')
  assert.equal([byName.mode, byName.subject.bead, byName.mode === 'offline' && byName.reason], ['offline', 't-2', 'no-such-seance-cli not found on PATH'])
  assert.match(byName.note ?? '', /^toast matches 3 workers; asking the most recent with transcripts: toast on t-2, 2026-11-10 → 2026-11-10 \(closed\)/)
  assert.ok(byName.mode === 'offline' && /5432 clashes/.test(byName.passages[0].text))

  const byBead = await seances.ask('T-1', 'why the walrus cache?', { offline: true })
  assert.equal([byBead.subject.name, byBead.mode === 'offline' && byBead.session_ids], ['shadow', [s3.sessionId]])
  assert.match(byBead.note ?? '', /^T-1 matches 2 workers; asking the most recent: shadow on t-1/)
  assert.ok(byBead.mode === 'offline' && byBead.passages.every((p) => !/plain map/.test(p.text)))
  const byPath = await seances.ask(t1, 'why?', { offline: true })
  assert.is(byPath.subject.name, 'shadow')

  const stats = await seances.stats('t-2')
  assert.equal([stats.note, stats.turns, stats.total.output_tokens, stats.subject.end_reason], [null, 1, 70, 'closed'])

  assert.equal(await error(seances.ask('nobody', 'why?')).then((e) => [e.code, e.message]), ['NOT_FOUND', 'no worker found: nobody'])
  const none = await error(seances.stats('t-3'))
  assert.equal([none.code, none.message], ['NOT_FOUND', 'no transcripts found for t-3: toast on t-3, since 2026-11-20, live'])
  await pool.close()
})

test('seance.command comes from the wt configuration, per project', async () => {
  const { config, worktree, pool, seances, worker, session, env, root } = await registry()
  const wt = worktree('t-9')
  const id = await worker({
    name: 'jasper',
    bead: 't-9',
    worktree: wt,
    created_at: '2026-11-01T09:00:00.000Z',
    ended_at: '2026-11-08T09:00:00.000Z',
    end_reason: 'killed',
  })
  const t = new Transcript(wt, undefined, '2026-11-01T09:01:00.000Z').prompt('store it').text('SQLite, because it is embedded.')
  await session(id, t.sessionId, { transcript_path: t.write(config) })
  seances.config.set('seance.command', 'no-such-seance-cli')
  seances.config.set('seance.command', fakeClaude, 'demo')
  env.FAKE_CLAUDE_LOG = `${root}/fake-claude.log`
  const r = await seances.ask('jasper', 'why SQLite?')
  assert.equal([r.mode, r.mode === 'resume' && r.session_id, r.note], ['resume', t.sessionId, null])
  assert.ok(existsSync(env.FAKE_CLAUDE_LOG))
  await pool.close()
})

test.run()
