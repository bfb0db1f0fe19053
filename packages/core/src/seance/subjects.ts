import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { DomainError } from '../errors.js'
import { listSessionFiles, transcriptHead } from './discovery.js'
import { projectsDir, wtHome } from './paths.js'
import type { SeanceSubject } from './types.js'

/**
 * THE SEAM THE WORKER REGISTRY REPLACES. Until wt.db records workers (live and past) and the
 * sessions their SessionStart hook reported, seance subjects are reconstructed from the transcripts
 * on disk: one subject per working directory named in `${CLAUDE_CONFIG_DIR}/projects/*` transcripts,
 * named after that directory's basename, with every transcript found there as a recorded session.
 * Wiring the registry means building `SeanceSubject`s from its rows instead (name, bead, title,
 * project, worktree, ended_at, sessions) and keeping `matchSubjects` for the name|bead lookup.
 */
export function findSubjects(query?: string, env: NodeJS.ProcessEnv = process.env): SeanceSubject[] {
  const byWorktree = new Map<string, SeanceSubject>()
  const root = projectsDir(env)
  let dirs: string[] = []
  try {
    dirs = readdirSync(root)
  } catch {
    // no transcripts at all
  }
  for (const dir of dirs.sort()) {
    for (const name of listSessionFiles(join(root, dir))) {
      const path = join(root, dir, name)
      const cwd = transcriptHead(path).cwd
      if (!cwd) continue
      let subject = byWorktree.get(cwd)
      if (!subject) byWorktree.set(cwd, (subject = { name: basename(cwd) || cwd, bead: null, worktree: cwd, sessions: [] }))
      subject.sessions.push({ session_id: name.slice(0, -'.jsonl'.length), transcript_path: path })
    }
  }
  const subjects = [...byWorktree.values()]
  return query === undefined ? subjects : matchSubjects(subjects, query)
}

/** The subject a `name|bead` argument means: exact name, bead id or worktree path; one, or an error. */
export function matchSubjects(subjects: readonly SeanceSubject[], query: string): SeanceSubject[] {
  const matches = subjects.filter((s) => s.name === query || (s.bead !== null && s.bead === query) || s.worktree === query)
  if (matches.length === 1) return matches
  if (matches.length === 0) throw new DomainError('NOT_FOUND', `no worker with transcripts named ${query}`, { hint: 'Run `wt seance` to list the workers that have transcripts.' })
  throw new DomainError('AMBIGUOUS_ID', `${query} names ${matches.length} workers: ${matches.map((s) => s.worktree).join(', ')}`, {
    hint: 'Give the worktree path instead of the name.',
  })
}

/**
 * `seance.command` from `$WT_HOME/config.json` (default `claude`). Another seam: the config module
 * (`wt config`) owns this file's format; a flat `{"seance.command": …}` or nested `{"seance": {"command": …}}` is read.
 */
export function seanceCommand(env: NodeJS.ProcessEnv = process.env): string {
  try {
    const config = JSON.parse(readFileSync(join(wtHome(env), 'config.json'), 'utf8')) as Record<string, unknown>
    const value = config['seance.command'] ?? (config.seance as { command?: unknown } | undefined)?.command
    if (typeof value === 'string' && value.trim()) return value.trim()
  } catch {
    // no config, or not JSON: the default
  }
  return 'claude'
}
