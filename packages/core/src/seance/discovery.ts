import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { projectsDir, slug } from './paths.js'
import type { SeanceSubject, TranscriptFile } from './types.js'

/**
 * The sessions a subject left, oldest first, each with its subagent transcripts. Sessions recorded
 * at session start are authoritative (a reused worktree path must not mix two workers'
 * transcripts); only when none of them is on disk does it fall back to the JSONL files under the
 * worktree's slug whose records name that worktree as cwd (slugs collide: `/w/a.b` and `/w/a-b`
 * share `-w-a-b`) and, when the subject's lifetime is known, began within it.
 */
export async function findTranscripts(subject: SeanceSubject, env: NodeJS.ProcessEnv = process.env): Promise<TranscriptFile[]> {
  const projects = projectsDir(env)
  const own = join(projects, slug(subject.worktree))
  const found = new Map<string, TranscriptFile>()
  for (const session of subject.sessions) {
    const candidates = [
      session.transcript_path,
      join(own, `${session.session_id}.jsonl`),
      session.cwd && join(projects, slug(session.cwd), `${session.session_id}.jsonl`),
    ]
    const path = candidates.find((p): p is string => !!p && isFile(p)) ?? findSessionAnywhere(projects, session.session_id)
    if (path) found.set(path, describe(session.session_id, path))
  }
  if (found.size === 0) {
    for (const name of listSessionFiles(own)) {
      const path = join(own, name)
      const head = transcriptHead(path)
      if (head.cwd !== undefined && isWithin(head.cwd, subject.worktree) && withinLifetime(head.timestamp, subject))
        found.set(path, describe(name.slice(0, -'.jsonl'.length), path))
    }
  }
  const sessions = [...found.values()].sort((a, b) => a.modified_at.localeCompare(b.modified_at) || a.path.localeCompare(b.path))
  const agents = new AgentFiles()
  for (const s of sessions) s.sidechains = agents.of(s)
  return sessions
}

/** Sessions with their subagent transcripts, flattened: what is searched and counted. */
export const withSidechains = (files: readonly TranscriptFile[]): TranscriptFile[] => files.flatMap((f) => [f, ...(f.sidechains ?? [])])

/** Session transcripts in a project folder (`agent-*.jsonl` beside them are subagents, not sessions). */
export function listSessionFiles(dir: string): string[] {
  return listJsonl(dir).filter((n) => !n.startsWith('agent-'))
}

interface TranscriptHead {
  cwd?: string
  session_id?: string
  /** The first record's time: when the session began. */
  timestamp?: string
}

/**
 * The cwd, sessionId and first timestamp the first records of a transcript name (any may be missing
 * in its first MiB). Reads 64 KiB at a time: listing subjects probes transcripts on disk.
 */
export function transcriptHead(path: string): TranscriptHead {
  const head: TranscriptHead = {}
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return head
  }
  const take = (line: string) => {
    if (!line.includes('"cwd"') && !line.includes('"sessionId"') && !line.includes('"timestamp"')) return false
    try {
      const r = JSON.parse(line) as { cwd?: unknown; sessionId?: unknown; timestamp?: unknown }
      if (head.cwd === undefined && typeof r.cwd === 'string') head.cwd = r.cwd
      if (head.session_id === undefined && typeof r.sessionId === 'string') head.session_id = r.sessionId
      if (head.timestamp === undefined && typeof r.timestamp === 'string') head.timestamp = r.timestamp
    } catch {
      // a torn or foreign line
    }
    return head.cwd !== undefined && head.session_id !== undefined && head.timestamp !== undefined
  }
  try {
    const chunk = Buffer.alloc(64 * 1024)
    let carry = ''
    for (let position = 0; position < 1024 * 1024; ) {
      const n = readSync(fd, chunk, 0, chunk.length, position)
      if (n === 0) break
      position += n
      const lines = (carry + chunk.toString('utf8', 0, n)).split('\n')
      carry = lines.pop() ?? ''
      if (lines.some(take)) return head
    }
    take(carry)
    return head
  } finally {
    closeSync(fd)
  }
}

function listJsonl(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort()
  } catch {
    return []
  }
}

function describe(sessionId: string, path: string): TranscriptFile {
  const st = statSync(path)
  return { session_id: sessionId, path, size: st.size, modified_at: st.mtime.toISOString() }
}

/** Subagent transcripts of sessions, probing each folder's `agent-*.jsonl` heads once. */
class AgentFiles {
  private readonly byDir = new Map<string, Array<{ path: string; session_id?: string }>>()

  of(session: TranscriptFile): TranscriptFile[] {
    const dir = dirname(session.path)
    const nested = join(dir, basename(session.path, '.jsonl'), 'subagents')
    let beside = this.byDir.get(dir)
    if (!beside) {
      beside = listJsonl(dir)
        .filter((n) => n.startsWith('agent-'))
        .map((n) => ({ path: join(dir, n), session_id: transcriptHead(join(dir, n)).session_id }))
      this.byDir.set(dir, beside)
    }
    const paths = [...beside.filter((a) => a.session_id === session.session_id).map((a) => a.path), ...listJsonl(nested).map((n) => join(nested, n))]
    return paths.map((p) => describe(session.session_id, p))
  }
}

/** A transcript without a timestamp, or a subject without a known lifetime, is given the benefit of the doubt. */
function withinLifetime(timestamp: string | undefined, subject: SeanceSubject): boolean {
  const t = timestamp ? Date.parse(timestamp) : NaN
  if (Number.isNaN(t)) return true
  if (subject.created_at && t < Date.parse(subject.created_at)) return false
  return !subject.ended_at || t <= Date.parse(subject.ended_at)
}

const isWithin = (cwd: string, worktree: string) => {
  const root = worktree.replace(/\/+$/, '')
  return cwd === root || cwd.startsWith(root + '/')
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** A recorded session whose transcript is not under the worktree's slug (the agent started elsewhere). */
function findSessionAnywhere(projects: string, sessionId: string): string | undefined {
  if (!/^[A-Za-z0-9-]+$/.test(sessionId)) return undefined
  let dirs: string[]
  try {
    dirs = readdirSync(projects)
  } catch {
    return undefined
  }
  for (const dir of dirs) {
    const path = join(projects, dir, `${sessionId}.jsonl`)
    if (existsSync(path)) return path
  }
  return undefined
}
