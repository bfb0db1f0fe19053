#!/usr/bin/env node
// Seance over ~100 MB of synthetic Claude Code transcripts: index throughput (MB/s) into wt.db,
// incremental no-op and append passes, FTS5 query time (median of several), and an offline
// `seance()` answer end to end. Uses the built core (`npm run build` first). Usage: node bench/seance.mjs [MB]
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findTranscripts } from '../packages/core/dist/seance/discovery.js'
import { slug } from '../packages/core/dist/seance/paths.js'
import { seance, seanceStats } from '../packages/core/dist/seance/service.js'
import { TranscriptIndex } from '../packages/core/dist/seance/transcript-index.js'
import { openWtState } from '../packages/core/dist/workers/state.js'

const QUESTIONS = [
  'why did you pick the walrus cache over the plain map?',
  'what failed in the migration tests',
  'why retry',
  'which files did you change for the parser?',
  'how did you fix the flaky timeout?',
]
const NEEDLE = 'I picked the walrus cache over the plain map because eviction must be bounded when thousands of workers share it.'

/** A seeded PRNG so every run indexes the same text. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function generate(root, targetBytes) {
  const rand = prng(42)
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'van', 'der', 'ex', 'ion', 'cal', 'tor', 'pre', 'st']
  const vocab = Array.from({ length: 6000 }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syllables[Math.floor(rand() * syllables.length)]).join(''),
  )
  vocab.push('cache', 'parser', 'migration', 'timeout', 'retry', 'tests', 'because', 'failed', 'fixed', 'map', 'flaky', 'files')
  const word = () => vocab[Math.floor(vocab.length * rand() ** 2.2)] // Zipf-like: few common, many rare
  const sentence = (n) => Array.from({ length: n }, word).join(' ') + '.'
  const config = join(root, 'claude')
  let total = 0
  let session = 0
  const sessionBytes = 2.5e6
  while (total < targetBytes) {
    const cwd = `/home/dev/worktrees/my_app.v2/worker_${session % 8}`
    const dir = join(config, 'projects', slug(cwd))
    mkdirSync(dir, { recursive: true })
    const id = `00000000-0000-4000-8000-${String(session).padStart(12, '0')}`
    const lines = []
    let bytes = 0
    let clock = Date.parse('2026-11-01T08:00:00Z') + session * 3.6e6
    let parent = null
    let msg = 0
    const push = (type, extra) => {
      const uuid = `u-${session}-${lines.length}`
      clock += 1500
      const line = JSON.stringify({
        parentUuid: parent,
        isSidechain: false,
        userType: 'external',
        cwd,
        sessionId: id,
        version: '2.0.30',
        gitBranch: 'main',
        type,
        uuid,
        timestamp: new Date(clock).toISOString(),
        ...extra,
      })
      parent = uuid
      lines.push(line)
      bytes += line.length + 1
    }
    const usage = () => ({
      input_tokens: 4 + Math.floor(rand() * 50),
      output_tokens: 20 + Math.floor(rand() * 800),
      cache_read_input_tokens: 20000 + Math.floor(rand() * 80000),
      cache_creation_input_tokens: Math.floor(rand() * 3000),
      service_tier: 'standard',
    })
    const assistant = (content, stop) => {
      const u = usage()
      for (const block of content)
        push('assistant', {
          requestId: `req_${session}_${msg}`,
          message: {
            id: `msg_${session}_${msg}`,
            type: 'message',
            role: 'assistant',
            model: rand() < 0.8 ? 'claude-sonnet-4-5-20250929' : 'claude-haiku-4-5',
            content: [block],
            stop_reason: stop,
            usage: u,
          },
        })
      msg++
    }
    push('user', { message: { role: 'user', content: `Work on bead bd-${session}: ${sentence(30)}` } })
    while (bytes < sessionBytes) {
      const r = rand()
      if (r < 0.05) push('user', { message: { role: 'user', content: sentence(20 + Math.floor(rand() * 40)) } })
      else if (r < 0.25)
        assistant(
          [
            { type: 'thinking', thinking: sentence(40 + Math.floor(rand() * 120)), signature: 'sig' },
            { type: 'text', text: sentence(10 + Math.floor(rand() * 60)) },
          ],
          'end_turn',
        )
      else {
        const tool = ['Bash', 'Read', 'Edit', 'Grep'][Math.floor(rand() * 4)]
        const toolId = `toolu_${session}_${msg}`
        const input =
          tool === 'Bash'
            ? { command: `npm test -- ${word()}`, description: sentence(5) }
            : tool === 'Edit'
              ? { file_path: `${cwd}/src/${word()}.ts`, old_string: sentence(8), new_string: sentence(12) }
              : { file_path: `${cwd}/src/${word()}.ts` }
        assistant([{ type: 'tool_use', id: toolId, name: tool, input }], 'tool_use')
        const output = Array.from(
          { length: 5 + Math.floor(rand() * 60) },
          (_, i) => `${String(i + 1).padStart(5)}→${sentence(6 + Math.floor(rand() * 10))}`,
        ).join('\n')
        push('user', {
          message: { role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: output }] },
          toolUseResult: { stdout: output.slice(0, 200), stderr: '' },
        })
      }
      if (rand() < 0.01) lines.push(JSON.stringify({ type: 'file-history-snapshot', messageId: `m${msg}`, snapshot: {}, isSnapshotUpdate: false }))
    }
    if (session === 3) assistant([{ type: 'text', text: NEEDLE }], 'end_turn')
    writeFileSync(join(dir, `${id}.jsonl`), lines.join('\n') + '\n')
    total += bytes
    session++
  }
  return { config, sessions: session, bytes: total }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6

export async function run({ megabytes = Number(process.env.SEANCE_BENCH_MB) || 100 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'seance-bench-'))
  try {
    let t0 = process.hrtime.bigint()
    const { config, sessions, bytes } = generate(root, megabytes * 1e6)
    const generateMs = ms(t0)
    const env = { ...process.env, CLAUDE_CONFIG_DIR: config, WT_HOME: join(root, 'wt') }
    const subjects = Array.from({ length: 8 }, (_, i) => ({
      name: `worker_${i}`,
      bead: null,
      worktree: `/home/dev/worktrees/my_app.v2/worker_${i}`,
      sessions: [],
    }))
    const files = (await Promise.all(subjects.map((s) => findTranscripts(s, env)))).flat()
    const state = await openWtState(join(root, 'wt'))
    const index = new TranscriptIndex(state.raw)
    t0 = process.hrtime.bigint()
    const full = await index.update(files)
    const indexMs = ms(t0)
    t0 = process.hrtime.bigint()
    await index.update(files)
    const noopMs = ms(t0)
    const appended = files[0].path
    const extra =
      JSON.stringify({
        type: 'assistant',
        timestamp: new Date().toISOString(),
        message: { id: 'msg_extra', role: 'assistant', content: [{ type: 'text', text: 'An appended answer about the narwhal.' }] },
      }) + '\n'
    appendFileSync(appended, extra)
    t0 = process.hrtime.bigint()
    const inc = await index.update(await Promise.all(subjects.map((s) => findTranscripts(s, env))).then((x) => x.flat()))
    const appendMs = ms(t0)
    const queryMs = {}
    let needleFirst = false
    for (const q of QUESTIONS) {
      const times = []
      for (let i = 0; i < 7; i++) {
        t0 = process.hrtime.bigint()
        const hits = index.search(q, files, 8)
        times.push(ms(t0))
        if (q === QUESTIONS[0]) needleFirst = hits[0]?.text === NEEDLE
      }
      queryMs[q] = Math.round(median(times) * 100) / 100
    }
    const dbBytes = statSync(join(root, 'wt', 'wt.db')).size + (statSync(join(root, 'wt', 'wt.db-wal'), { throwIfNoEntry: false })?.size ?? 0)
    // End to end, offline: subject worker_3 (≈1/8 of the set), index already current.
    const offlineTimes = []
    for (let i = 0; i < 3; i++) {
      t0 = process.hrtime.bigint()
      await seance(subjects[3], QUESTIONS[0], { env, offline: true, index })
      offlineTimes.push(ms(t0))
    }
    t0 = process.hrtime.bigint()
    const stats = await seanceStats(subjects[3], { env })
    const statsMs = ms(t0)
    await state.close()
    const subjectBytes = files.filter((f) => f.path.includes('worker-3')).reduce((n, f) => n + f.size, 0)
    return {
      name: 'seance',
      transcripts: sessions,
      transcript_mb: Math.round(bytes / 1e5) / 10,
      passages: full.passages_added,
      generate_ms: Math.round(generateMs),
      index_ms: Math.round(indexMs),
      index_mb_per_s: Math.round((full.bytes_read / 1e6 / (indexMs / 1000)) * 10) / 10,
      index_db_mb: Math.round(dbBytes / 1e5) / 10,
      noop_reindex_ms: Math.round(noopMs * 10) / 10,
      append_reindex_ms: Math.round(appendMs * 10) / 10,
      append_bytes_read: inc.bytes_read,
      query_median_ms: queryMs,
      needle_ranked_first: needleFirst,
      offline_answer_median_ms: Math.round(median(offlineTimes)),
      offline_subject_mb: Math.round(subjectBytes / 1e5) / 10,
      stats_ms: Math.round(statsMs),
      stats_requests: stats.total.requests,
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mb = Number(process.argv[2]) || undefined
  console.log(JSON.stringify(await run({ megabytes: mb }), null, 2))
}
