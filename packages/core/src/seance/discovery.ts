import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { projectsDir, slug } from './paths.js'
import type { SeanceSubject, TranscriptFile } from './types.js'

/**
 * The transcripts a subject left, oldest first. Sessions recorded at session start come first and
 * are authoritative (a reused worktree path must not mix two workers' transcripts); only when none
 * of them is on disk does it fall back to the JSONL files under the worktree's slug whose records
 * name that worktree as cwd (slugs collide: `/w/a.b` and `/w/a-b` share `-w-a-b`).
 */
export async function findTranscripts(subject: SeanceSubject, env: NodeJS.ProcessEnv = process.env): Promise<TranscriptFile[]> {
  const projects = projectsDir(env)
  const own = join(projects, slug(subject.worktree))
  const found = new Map<string, TranscriptFile>()
  for (const session of subject.sessions) {
    const candidates = [session.transcript_path, join(own, `${session.session_id}.jsonl`)]
    const path = candidates.find((p): p is string => !!p && isFile(p)) ?? findSessionAnywhere(projects, session.session_id)
    if (path) found.set(path, describe(session.session_id, path))
  }
  if (found.size === 0) {
    for (const name of listJsonl(own)) {
      const path = join(own, name)
      const cwd = transcriptCwd(path)
      if (cwd !== undefined && isWithin(cwd, subject.worktree)) found.set(path, describe(name.slice(0, -'.jsonl'.length), path))
    }
  }
  return [...found.values()].sort((a, b) => a.modified_at.localeCompare(b.modified_at) || a.path.localeCompare(b.path))
}

/**
 * The working directory the first records of a transcript name (undefined if none does in its first
 * MiB). Reads 64 KiB at a time: listing subjects probes every transcript on disk.
 */
export function transcriptCwd(path: string): string | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return undefined
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
      for (const line of lines) {
        const cwd = cwdOf(line)
        if (cwd !== undefined) return cwd
      }
    }
    return cwdOf(carry)
  } finally {
    closeSync(fd)
  }
}

function cwdOf(line: string): string | undefined {
  if (!line.includes('"cwd"')) return undefined
  try {
    const cwd = (JSON.parse(line) as { cwd?: unknown }).cwd
    return typeof cwd === 'string' ? cwd : undefined
  } catch {
    return undefined
  }
}

export function listJsonl(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()
  } catch {
    return []
  }
}

export function describe(sessionId: string, path: string): TranscriptFile {
  const st = statSync(path)
  return { session_id: sessionId, path, size: st.size, modified_at: st.mtime.toISOString() }
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
