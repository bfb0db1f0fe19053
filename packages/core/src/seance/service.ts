import { DomainError } from '../errors.js'
import { type Digest, DigestBuilder } from './digest.js'
import { findTranscripts, withSidechains } from './discovery.js'
import { resolveExecutable } from '../adapters/processes.js'
import { forkResume } from './resume.js'
import { scanTranscripts } from './scan.js'
import { type SeanceStats, StatsBuilder } from './stats.js'
import type { PassageHit, TranscriptIndex } from './transcript-index.js'
import type { ProgressCallback, SeanceSubject, TranscriptFile } from './types.js'

export interface SeanceOptions {
  env?: NodeJS.ProcessEnv
  /** `seance.command`: the agent CLI that can fork-resume a session. */
  command?: string
  /** Answer from the transcript even when the agent CLI is available. */
  offline?: boolean
  /** Ask this session (id or unique prefix) instead of the latest. */
  sessionId?: string
  /** The transcript index (in wt.db): searched when answering offline. */
  index: TranscriptIndex
  /** The subject's transcripts, when already discovered. */
  files?: readonly TranscriptFile[]
  onProgress?: ProgressCallback
  /** Passages to return offline. */
  limit?: number
  timeoutMs?: number
}

export interface SubjectInfo {
  name: string
  bead: string | null
  title: string | null
  project: string | null
  worktree: string
  created_at: string | null
  ended_at: string | null
  end_reason: string | null
}

export interface ResumeAnswer {
  mode: 'resume'
  subject: SubjectInfo
  question: string
  session_id: string
  answer: string
  /** The agent command line that answered (question included). */
  command: string[]
}

export interface OfflineAnswer {
  mode: 'offline'
  subject: SubjectInfo
  question: string
  session_ids: string[]
  /** Why the agent CLI was not asked. */
  reason: string
  passages: PassageHit[]
  digest: Digest
}

export type SeanceResult = ResumeAnswer | OfflineAnswer

export interface SeanceListing extends SubjectInfo {
  session_ids: string[]
  transcript_bytes: number
  last_activity: string
}

export type StatsResult = { subject: SubjectInfo } & SeanceStats

/**
 * Asks a past worker a question. With the agent CLI on PATH (and not `offline`), a fork of its
 * latest session (or `sessionId`) answers; otherwise — or if that run fails — the answer comes from
 * the transcripts: the passages FTS5 ranks most relevant, and a digest of what the worker did.
 */
export async function seance(subject: SeanceSubject, question: string, options: SeanceOptions): Promise<SeanceResult> {
  if (!question.trim()) throw new DomainError('USAGE', 'the question is empty', { hint: 'Ask something: wt seance <name> -p "why …?"' })
  const env = options.env ?? process.env
  const info = subjectInfo(subject)
  const files = options.files ?? (await transcriptsOf(subject, env))
  const scope = options.sessionId ? [pickSession(files, options.sessionId)] : files
  const latest = scope[scope.length - 1]
  const command = options.command || 'claude'
  let reason = '--offline'
  if (!options.offline) {
    if (!resolveExecutable(command, env)) reason = `${command} not found on PATH`
    else {
      try {
        const run = await forkResume({ command, sessionId: latest.session_id, transcriptPath: latest.path, question, env, timeoutMs: options.timeoutMs })
        return { mode: 'resume', subject: info, question, session_id: latest.session_id, answer: run.answer, command: run.argv }
      } catch (e) {
        if (!(e instanceof DomainError)) throw e
        reason = e.message
      }
    }
  }
  const all = withSidechains(scope)
  await options.index.update(all, options.onProgress)
  const passages = options.index.search(question, all, options.limit ?? 8)
  const digest = new DigestBuilder()
  await scanTranscripts(all, [digest], options.onProgress)
  return { mode: 'offline', subject: info, question, session_ids: scope.map((f) => f.session_id), reason, passages, digest: digest.result() }
}

/** Turns, wall time and token usage per model, summed over the subject's transcripts. */
export async function seanceStats(
  subject: SeanceSubject,
  options: Pick<SeanceOptions, 'env' | 'sessionId' | 'onProgress' | 'files'> = {},
): Promise<StatsResult> {
  const files = options.files ?? (await transcriptsOf(subject, options.env ?? process.env))
  const scope = options.sessionId ? [pickSession(files, options.sessionId)] : files
  const stats = new StatsBuilder()
  await scanTranscripts(withSidechains(scope), [stats], options.onProgress)
  return { subject: subjectInfo(subject), ...stats.result() }
}

/** The subjects that have transcripts on disk, most recently active first. */
export async function listSeanceSubjects(subjects: readonly SeanceSubject[], options: Pick<SeanceOptions, 'env'> = {}): Promise<SeanceListing[]> {
  const out: SeanceListing[] = []
  for (const subject of subjects) {
    const files = await findTranscripts(subject, options.env ?? process.env)
    if (files.length === 0) continue
    out.push({
      ...subjectInfo(subject),
      session_ids: files.map((f) => f.session_id),
      transcript_bytes: withSidechains(files).reduce((n, f) => n + f.size, 0),
      last_activity: files[files.length - 1].modified_at,
    })
  }
  return out.sort((a, b) => b.last_activity.localeCompare(a.last_activity) || a.name.localeCompare(b.name))
}

function subjectInfo(s: SeanceSubject): SubjectInfo {
  return {
    name: s.name,
    bead: s.bead ?? null,
    title: s.title ?? null,
    project: s.project ?? null,
    worktree: s.worktree,
    created_at: s.created_at ?? null,
    ended_at: s.ended_at ?? null,
    end_reason: s.end_reason ?? null,
  }
}

async function transcriptsOf(subject: SeanceSubject, env: NodeJS.ProcessEnv): Promise<TranscriptFile[]> {
  const files = await findTranscripts(subject, env)
  if (files.length === 0) {
    throw new DomainError('NOT_FOUND', `no transcripts found for ${subject.name} (${subject.worktree})`, {
      hint: 'Transcripts live under ${CLAUDE_CONFIG_DIR:-~/.claude}/projects/; Claude Code removes old ones after cleanupPeriodDays.',
    })
  }
  return files
}

function pickSession(files: readonly TranscriptFile[], id: string): TranscriptFile {
  const exact = files.filter((f) => f.session_id === id)
  const matches = exact.length ? exact : files.filter((f) => f.session_id.startsWith(id))
  if (matches.length === 1) return matches[0]
  const known = files.map((f) => f.session_id).join(', ')
  if (matches.length === 0) throw new DomainError('NOT_FOUND', `session not found: ${id}`, { hint: `Sessions of this worker: ${known}` })
  throw new DomainError('AMBIGUOUS_ID', `session id ${id} matches ${matches.length} sessions`, { hint: `Give more of it: ${known}` })
}
