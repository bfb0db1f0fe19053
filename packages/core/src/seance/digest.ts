import { asRecord, blocksOf, editedPath, isPrompt, resultText, type TranscriptRecord } from './records.js'

export interface DigestCommit {
  timestamp: string | null
  command: string
  /** From git's `[branch sha] subject` line; null when the result did not show a commit. */
  sha: string | null
  subject: string | null
}

/** What a worker was asked and what it did, read straight from its transcripts. */
export interface Digest {
  /** Claude Code's own session titles (summary records). */
  summaries: string[]
  prompts: Array<{ timestamp: string | null; text: string }>
  files_edited: Array<{ path: string; edits: number }>
  commands: Array<{ timestamp: string | null; command: string }>
  commits: DigestCommit[]
  ending: { session_id: string; timestamp: string | null; text: string | null; stop_reason: string | null } | null
}

const COMMIT = /\bgit\b(?:\s+-[cC]\s+\S+)*[^|;&\n]*\bcommit\b/
const COMMIT_LINE = /^\[([^\]\n]+?) ([0-9a-f]{7,40})\] (.*)$/m
const MAX_PROMPT = 2000
const MAX_ENDING = 2000

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s)

/** Builds a Digest one record at a time (transcripts are streamed, never held whole). */
export class DigestBuilder {
  private readonly digest: Digest = { summaries: [], prompts: [], files_edited: [], commands: [], commits: [], ending: null }
  private readonly edits = new Map<string, { path: string; edits: number }>()
  private readonly pendingCommits = new Map<string, DigestCommit>()

  add(value: unknown, sessionId: string): void {
    const record = asRecord(value)
    if (!record) return
    if (record.type === 'summary' && typeof record.summary === 'string') {
      if (!this.digest.summaries.includes(record.summary)) this.digest.summaries.push(record.summary)
      return
    }
    if (record.type === 'user') this.user(record)
    else if (record.type === 'assistant') this.assistant(record, sessionId)
  }

  result(): Digest {
    return { ...this.digest, files_edited: [...this.edits.values()] }
  }

  private user(record: TranscriptRecord): void {
    const timestamp = record.timestamp ?? null
    for (const block of blocksOf(record)) {
      if (isPrompt(record, block)) this.digest.prompts.push({ timestamp, text: clip(block.text!.trim(), MAX_PROMPT) })
      else if (block.type === 'tool_result' && block.tool_use_id) {
        const commit = this.pendingCommits.get(block.tool_use_id)
        if (!commit) continue
        this.pendingCommits.delete(block.tool_use_id)
        const m = block.is_error ? null : COMMIT_LINE.exec(resultText(block.content))
        if (m) {
          commit.sha = m[2]
          commit.subject = m[3].trim()
        }
      }
    }
  }

  private assistant(record: TranscriptRecord, sessionId: string): void {
    const timestamp = record.timestamp ?? null
    for (const block of blocksOf(record)) {
      if (block.type === 'text' && typeof block.text === 'string' && block.text.trim() && !record.isSidechain) {
        this.digest.ending = { session_id: sessionId, timestamp, text: clip(block.text.trim(), MAX_ENDING), stop_reason: record.message?.stop_reason ?? null }
      }
      if (block.type !== 'tool_use' || typeof block.name !== 'string') continue
      const input = block.input ?? {}
      const path = editedPath(block.name, input)
      if (path) {
        const entry = this.edits.get(path) ?? { path, edits: 0 }
        entry.edits++
        this.edits.set(path, entry)
      }
      if (block.name === 'Bash' && typeof input.command === 'string') {
        this.digest.commands.push({ timestamp, command: input.command })
        if (COMMIT.test(input.command)) {
          const commit: DigestCommit = { timestamp, command: input.command, sha: null, subject: null }
          this.digest.commits.push(commit)
          if (block.id) this.pendingCommits.set(block.id, commit)
        }
      }
    }
    // A later stop without text (a final tool call) still says how the session ended.
    if (this.digest.ending && record.message?.stop_reason && !record.isSidechain) this.digest.ending.stop_reason = record.message.stop_reason
  }
}
