import { appendFileSync, statSync, writeFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { findTranscripts } from '../../packages/core/src/seance/discovery.js'
import { openIndex, seanceSandbox, Transcript } from '../_support/transcripts.js'

/** A worker that explained its choice once, among plenty of talk about the same things. */
function workerWithAReason(cwd: string) {
  return new Transcript(cwd)
    .prompt('Store the sessions somewhere durable')
    .tool('Bash', { command: 'ls src/storage' }, 'open.ts migrate.ts json-store.ts')
    .text('The storage folder has a JSON store and SQLite helpers. Let me read both approaches.')
    .tool(
      'Read',
      { file_path: `${cwd}/src/storage/json-store.ts` },
      'export function saveJson(path, data) { writeFileSync(path, JSON.stringify(data)) } // storage approach',
    )
    .assistant(
      [
        {
          type: 'thinking',
          thinking:
            'The JSON file approach loses writes when two workers save at once. SQLite with WAL serialises writers, so I picked SQLite because concurrent workers must not lose sessions.',
          signature: 'x',
        },
      ],
      { input_tokens: 5, output_tokens: 60 },
    )
    .text('I will store sessions in SQLite.')
    .tool('Edit', { file_path: `${cwd}/src/sessions.ts`, old_string: 'json', new_string: 'sqlite' }, 'ok')
    .text('Sessions approach updated; the storage tests pass with the new approach.')
    .prompt('Also pick a better name for the table')
    .text('Renamed the table to sessions, a better name than store.')
}

test('offline ranking puts the passage that answers "why" first, with its time and speaker', async () => {
  const { config, root, worktree, env } = seanceSandbox()
  const wt = worktree('why_w')
  const t = workerWithAReason(wt)
  t.write(config)
  // Another worker's transcript says "because" and "SQLite" too; it must not leak into this answer.
  new Transcript(worktree('other_w')).prompt('why sqlite?').text('I picked SQLite because a colleague did.').write(config)
  const files = await findTranscripts({ name: 'why_w', bead: null, worktree: wt, sessions: [] }, env)
  const index = await openIndex(root)
  try {
    await index.update(files)
    const hits = index.search('why did you pick this storage approach?', files)
    assert.ok(hits.length >= 3)
    assert.match(hits[0].text, /I picked SQLite because concurrent workers must not lose sessions/)
    assert.is(hits[0].speaker, 'assistant')
    assert.is(hits[0].kind, 'thinking')
    assert.is(hits[0].session_id, t.sessionId)
    assert.match(hits[0].timestamp ?? '', /^2026-11-14T10:00:\d\d/)
    assert.ok(hits.every((h) => !/colleague/.test(h.text)))
    // Question words that FTS5 would parse as syntax are only words here.
    assert.not.throws(() => index.search('why "NEAR(" AND OR * -x ^ col:umn?', files))
    assert.equal(index.search('why?', files).length > 0, true) // "why" alone still searches for reasons
    assert.equal(index.search('the a of?', files), [])
  } finally {
    await index.close()
  }
})

test('reindexing reads only appended bytes; a torn last line waits for its newline', async () => {
  const { config, root, worktree, env } = seanceSandbox()
  const wt = worktree('grow_w')
  const t = new Transcript(wt).prompt('start').text('First we set up the walrus fixtures.')
  const path = t.write(config)
  const subject = { name: 'grow_w', bead: null, worktree: wt, sessions: [] }
  const index = await openIndex(root)
  try {
    const progress: Array<[string, number, number]> = []
    const first = await index.update(await findTranscripts(subject, env), (p) => progress.push([p.phase, p.bytes_done, p.bytes_total]))
    assert.is(first.bytes_read, statSync(path).size)
    assert.equal(progress[progress.length - 1], ['index', first.bytes_read, first.bytes_read])
    const again = await index.update(await findTranscripts(subject, env))
    assert.equal([again.files_read, again.bytes_read], [0, 0])

    const before = statSync(path).size
    const more = new Transcript(wt, t.sessionId, '2026-11-14T11:00:00.000Z').text('Then the narwhal migration ran.')
    const line = more.jsonl()
    appendFileSync(path, line.slice(0, 40)) // torn: still being written
    const torn = await index.update(await findTranscripts(subject, env))
    assert.is(torn.passages_added, 0)
    let files = await findTranscripts(subject, env)
    assert.equal(index.search('narwhal', files), [])

    appendFileSync(path, line.slice(40))
    files = await findTranscripts(subject, env)
    const grown = await index.update(files)
    assert.is(grown.bytes_read, statSync(path).size - before) // only the appended line
    assert.is(grown.passages_added, 1)
    assert.match(index.search('narwhal', files)[0].text, /narwhal migration/)
    assert.is(index.search('walrus', files).length, 1) // not indexed twice

    // A transcript rewritten shorter is indexed afresh rather than from a stale offset.
    writeFileSync(path, new Transcript(wt, t.sessionId).text('Only the orca remains.').jsonl())
    files = await findTranscripts(subject, env)
    await index.update(files)
    assert.equal(index.search('walrus', files), [])
    assert.is(index.search('orca', files).length, 1)
  } finally {
    await index.close()
  }
})

test('unknown record types and garbage lines are indexed around, not choked on', async () => {
  const { config, root, worktree, env } = seanceSandbox()
  const wt = worktree('odd_w')
  const path = new Transcript(wt).unknown('queue-operation').prompt('hello').unknown().text('The axolotl answer.').write(config)
  appendFileSync(path, '{"type":"progress","data":{"hookEvent":"PreToolUse"}}\n{broken json\n[1,2]\nnull\n')
  const files = await findTranscripts({ name: 'odd_w', bead: null, worktree: wt, sessions: [] }, env)
  const index = await openIndex(root)
  try {
    const r = await index.update(files)
    assert.is(r.bytes_read, statSync(path).size)
    assert.match(index.search('axolotl', files)[0].text, /axolotl/)
  } finally {
    await index.close()
  }
})

test('two processes indexing the same transcript at once do not index it twice', async () => {
  const { config, root, worktree, env } = seanceSandbox()
  const wt = worktree('race_w')
  new Transcript(wt).prompt('go').text('The pangolin passage.').write(config)
  const files = await findTranscripts({ name: 'race_w', bead: null, worktree: wt, sessions: [] }, env)
  // Opened one after the other: one thread cannot wait on its own write lock (better-sqlite3 is synchronous).
  const a = await openIndex(root)
  const b = await openIndex(root)
  try {
    const [ra, rb] = await Promise.all([a.update(files), b.update(files)])
    assert.is(ra.passages_added + rb.passages_added, 2)
    assert.is(a.search('pangolin', files).length, 1)
  } finally {
    await Promise.all([a.close(), b.close()])
  }
})

test.run()
