/** One agent session of a worker, as recorded by the SessionStart hook (or found on disk). */
export interface SessionRef {
  session_id: string
  /** The transcript path the hook reported, when it did. */
  transcript_path?: string
}

/**
 * A worker that may have left transcripts behind. The worker registry (wt.db) supplies these; until
 * it lands, `findSubjects` in subjects.ts builds them from the transcripts on disk.
 */
export interface SeanceSubject {
  name: string
  bead: string | null
  title?: string | null
  project?: string | null
  /** Absolute path of the worker's worktree: the agent's working directory. */
  worktree: string
  ended_at?: string | null
  sessions: SessionRef[]
}

/** A transcript file found for a subject. */
export interface TranscriptFile {
  session_id: string
  path: string
  size: number
  /** File modification time, ISO 8601: the latest session is the most recently written one. */
  modified_at: string
  /**
   * Subagent (Task) transcripts of this session: `agent-<id>.jsonl` beside it (Claude Code 2.0) or
   * `<session>/subagents/agent-<id>.jsonl` (2.1). Searched and counted, never resumed.
   */
  sidechains?: TranscriptFile[]
}

/** Reported while reading transcripts, so a command can draw progress on a TTY. */
export interface IndexProgress {
  /** 'index': adding new bytes to the search index; 'read': reading whole transcripts (digest, stats). */
  phase: 'index' | 'read'
  file: string
  bytes_done: number
  bytes_total: number
}

export type ProgressCallback = (progress: IndexProgress) => void
