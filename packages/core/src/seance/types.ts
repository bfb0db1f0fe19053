/** One agent session of a worker, as its SessionStart hook recorded it in wt.db. */
export interface SessionRef {
  session_id: string
  /** The transcript path the hook reported, when it did. */
  transcript_path?: string | null
  /** The agent's working directory the hook reported (its slug names the transcript's folder). */
  cwd?: string | null
}

/** A worker (live or past) that may have left transcripts behind: a row of wt.db's `workers`. */
export interface SeanceSubject {
  /** `workers.id`; null for a subject not from the registry. */
  id?: number | null
  name: string
  bead: string | null
  title?: string | null
  project?: string | null
  /** Absolute path of the worker's worktree: the agent's working directory. */
  worktree: string
  /**
   * The worker's lifetime. Without recorded sessions, only transcripts that began within it are its
   * own: worktrees are `<root>/<bead>`, so a bead worked on twice leaves two workers one path.
   */
  created_at?: string | null
  ended_at?: string | null
  end_reason?: string | null
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
