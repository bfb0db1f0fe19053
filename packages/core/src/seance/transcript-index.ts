import { statSync } from 'node:fs'
import type { Statement } from 'better-sqlite3'
import type { RawDatabase } from '../storage/open.js'
import { readJsonl } from './jsonl.js'
import { ftsQuery } from './query.js'
import { asRecord, type Passage, passagesOf } from './records.js'
import type { ProgressCallback, TranscriptFile } from './types.js'

export interface IndexUpdate {
  files_read: number
  /** Bytes read from disk by this pass: only what was appended since the last one. */
  bytes_read: number
  passages_added: number
}

export interface PassageHit extends Passage {
  session_id: string
  /** bm25, weighted; lower is more relevant. */
  score: number
}

/** Rows per write transaction: large enough to amortise the commit, small enough to show progress. */
const BATCH = 4000
/** The agent's own words explain its reasons; tool output mostly matches by accident. */
const KIND_WEIGHT = `CASE kind WHEN 'tool_result' THEN 0.5 WHEN 'tool_use' THEN 0.8 ELSE 1.0 END`
/** Passages longer than this are shown as an FTS5 snippet around the matching words. */
const FULL_TEXT_MAX = 1200

/**
 * SQLite FTS5 index over transcripts, kept current incrementally: each file's indexed byte offset is
 * stored, so a pass reads only what was appended since (a file that shrank is indexed afresh).
 * Works on any database that ran `transcriptMigrations`: wt.db (`openWtState(home).raw`).
 */
export class TranscriptIndex {
  private readonly fileRow: Statement<[string], { id: number; session_id: string; indexed_bytes: number }>
  private readonly insertFile: Statement<[string, string, string]>
  private readonly insertPassage: Statement<[string, string, string, string | null, string | null, number]>
  private readonly setOffset: Statement<[number, string, number]>
  private readonly clearFile: Statement<[number]>
  private readonly offsetOf: Statement<[number], { indexed_bytes: number }>

  constructor(readonly raw: RawDatabase) {
    this.fileRow = raw.prepare('SELECT id, session_id, indexed_bytes FROM transcript_files WHERE path = ?')
    this.insertFile = raw.prepare('INSERT INTO transcript_files (path, session_id, indexed_bytes, indexed_at) VALUES (?, ?, 0, ?)')
    this.insertPassage = raw.prepare('INSERT INTO transcript_passages (text, speaker, kind, timestamp, uuid, file_id) VALUES (?, ?, ?, ?, ?, ?)')
    this.setOffset = raw.prepare('UPDATE transcript_files SET indexed_bytes = ?, indexed_at = ? WHERE id = ?')
    this.clearFile = raw.prepare('DELETE FROM transcript_passages WHERE file_id = ?')
    this.offsetOf = raw.prepare('SELECT indexed_bytes FROM transcript_files WHERE id = ?')
  }

  /** Brings the index up to date with these files, reading only their new bytes. */
  async update(files: readonly TranscriptFile[], onProgress?: ProgressCallback): Promise<IndexUpdate> {
    const work: Array<{ file: TranscriptFile; id: number; from: number; size: number }> = []
    for (const file of files) {
      let size: number
      try {
        size = statSync(file.path).size
      } catch {
        continue // vanished since discovery
      }
      let row = this.fileRow.get(file.path)
      if (!row) {
        this.insertFile.run(file.path, file.session_id, new Date().toISOString())
        row = this.fileRow.get(file.path)!
      }
      if (size < row.indexed_bytes) {
        // Rewritten or truncated: the stored offset no longer points into the same text.
        this.immediate(() => {
          this.clearFile.run(row!.id)
          this.setOffset.run(0, new Date().toISOString(), row!.id)
        })
        row = { ...row, indexed_bytes: 0 }
      }
      if (size > row.indexed_bytes) work.push({ file, id: row.id, from: row.indexed_bytes, size })
    }
    const total = work.reduce((n, w) => n + w.size - w.from, 0)
    const result: IndexUpdate = { files_read: work.length, bytes_read: 0, passages_added: 0 }
    let before = 0
    for (const w of work) {
      let batch: Passage[] = []
      let lastEnd = w.from // end of the last complete line read
      let committed = w.from
      let reached = w.from
      let overtaken = false
      const flush = () => {
        const rows = batch
        batch = []
        this.immediate(() => {
          // Another process indexing the same file moved the offset on: its rows stand, ours go.
          if (this.offsetOf.get(w.id)?.indexed_bytes !== committed) {
            overtaken = true
            return
          }
          for (const p of rows) this.insertPassage.run(p.text, p.speaker, p.kind, p.timestamp, p.uuid, w.id)
          this.setOffset.run(lastEnd, new Date().toISOString(), w.id)
          result.passages_added += rows.length
        })
        committed = lastEnd
      }
      const onBytes = (offset: number) => {
        reached = offset
        onProgress?.({ phase: 'index', file: w.file.path, bytes_done: before + offset - w.from, bytes_total: total })
      }
      for await (const line of readJsonl(w.file.path, { start: w.from, onBytes })) {
        // An unterminated last line may still be being written: it is indexed once it ends.
        if (!line.terminated) break
        const record = asRecord(line.value)
        if (record) for (const p of passagesOf(record)) batch.push(p)
        lastEnd = line.end
        if (batch.length >= BATCH) flush()
        if (overtaken) break
      }
      if (lastEnd !== committed && !overtaken) flush()
      result.bytes_read += reached - w.from
      before += reached - w.from
    }
    return result
  }

  /** The passages of these files most relevant to a question, best first. */
  search(question: string, files: readonly TranscriptFile[], limit = 8): PassageHit[] {
    const match = ftsQuery(question)
    if (!match || files.length === 0) return []
    const rows = this.raw
      .prepare(
        `SELECT p.text, p.speaker, p.kind, p.timestamp, p.uuid, f.session_id,
                snippet(transcript_passages, 0, '', '', '…', 64) AS excerpt,
                bm25(transcript_passages) * ${KIND_WEIGHT} AS score
         FROM transcript_passages p JOIN transcript_files f ON f.id = p.file_id
         WHERE transcript_passages MATCH ? AND f.path IN (SELECT value FROM json_each(?))
         ORDER BY score LIMIT ?`,
      )
      .all(match, JSON.stringify(files.map((f) => f.path)), limit) as Array<PassageHit & { excerpt: string }>
    return rows.map(({ excerpt, ...hit }) => ({ ...hit, text: hit.text.length > FULL_TEXT_MAX ? excerpt : hit.text }))
  }

  private immediate(fn: () => void): void {
    // better-sqlite3's own transaction in IMMEDIATE mode: the same write-lock-first rule as
    // storage/write-transaction.ts, kept synchronous because this is the hot insert path.
    this.raw.transaction(fn).immediate()
  }
}
