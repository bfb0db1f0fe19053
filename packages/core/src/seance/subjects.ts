import type { Kysely } from 'kysely'
import { resolve } from 'node:path'
import { DomainError } from '../errors.js'
import type { WtSchema } from '../workers/schema.js'
import { findTranscripts } from './discovery.js'
import type { SeanceSubject, TranscriptFile } from './types.js'

/**
 * Every worker in the registry, live and ended (a spawn still in progress is not one yet), with
 * the agent sessions its SessionStart hook recorded, oldest first.
 */
export async function findSubjects(db: Kysely<WtSchema>): Promise<SeanceSubject[]> {
  const [workers, sessions] = await Promise.all([
    db
      .selectFrom('workers')
      .select(['id', 'name', 'bead', 'title', 'project', 'worktree', 'created_at', 'ended_at', 'end_reason'])
      .where('state', '<>', 'spawning')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('agent_sessions').select(['worker_id', 'session_id', 'transcript_path', 'cwd']).orderBy('started_at').execute(),
  ])
  const byWorker = new Map<number, SeanceSubject['sessions']>()
  for (const { worker_id, ...session } of sessions) {
    const list = byWorker.get(worker_id) ?? []
    list.push(session)
    byWorker.set(worker_id, list)
  }
  return workers.map((w) => ({ ...w, sessions: byWorker.get(w.id) ?? [] }))
}

export interface PickedSubject {
  subject: SeanceSubject
  files: TranscriptFile[]
  /** Set when `name|bead` meant several workers: which one was taken, and why. */
  note: string | null
}

/**
 * The worker a `name|bead|worktree` argument means. Names are reused once a worker ends and a bead
 * can be worked on more than once, so several workers may match: the most recently created one
 * that left transcripts is taken, and the note says so.
 */
export async function pickSubject(subjects: readonly SeanceSubject[], query: string, env: NodeJS.ProcessEnv = process.env): Promise<PickedSubject> {
  const path = resolve(query)
  const lower = query.toLowerCase()
  const matches = subjects
    .filter((s) => s.name === query || s.bead?.toLowerCase() === lower || s.worktree === query || s.worktree === path)
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '') || (b.id ?? 0) - (a.id ?? 0))
  if (matches.length === 0)
    throw new DomainError('NOT_FOUND', `no worker found: ${query}`, { hint: 'Run `wt seance` to list the workers (live and past) that have transcripts.' })
  for (const [i, subject] of matches.entries()) {
    const files = await findTranscripts(subject, env)
    if (files.length === 0) continue
    const note =
      matches.length === 1
        ? null
        : `${query} matches ${matches.length} workers; asking the most recent${i > 0 ? ' with transcripts' : ''}: ${describe(subject)}`
    return { subject, files, note }
  }
  const [latest] = matches
  throw new DomainError('NOT_FOUND', `no transcripts found for ${query}${matches.length > 1 ? ` (${matches.length} workers)` : ''}: ${describe(latest)}`, {
    hint: 'Transcripts live under ${CLAUDE_CONFIG_DIR:-~/.claude}/projects/; Claude Code removes old ones after cleanupPeriodDays.',
  })
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '?')

function describe(s: SeanceSubject): string {
  const life = s.ended_at ? `${day(s.created_at)} → ${day(s.ended_at)}${s.end_reason ? ` (${s.end_reason})` : ''}` : `since ${day(s.created_at)}, live`
  return `${s.name} on ${s.bead ?? s.worktree}, ${life}`
}
