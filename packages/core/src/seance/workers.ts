import type { ConfigStore } from '../workers/config.js'
import type { WtState } from '../workers/state.js'
import { listSeanceSubjects, type SeanceListing, type SeanceResult, type StatsResult, seance, seanceStats } from './service.js'
import { findSubjects, pickSubject } from './subjects.js'
import { TranscriptIndex } from './transcript-index.js'
import type { ProgressCallback } from './types.js'

export interface AskOptions {
  /** Answer from the transcript even when `seance.command` is available. */
  offline?: boolean
  /** This session (id or unique prefix) instead of the latest. */
  sessionId?: string
  onProgress?: ProgressCallback
  timeoutMs?: number
}

/** Which worker answered, when `name|bead` named several (null when it named one). */
export interface Picked {
  note: string | null
}

/**
 * Seance over the worker registry: subjects are wt.db's workers (live and past) with the agent
 * sessions their hooks recorded, the transcript index lives in wt.db, and `seance.command` comes
 * from the wt configuration (per project). Made by `WorkerPool.seances()`, over the pool's wt.db.
 */
export class WorkerSeances {
  private index?: TranscriptIndex

  constructor(
    readonly state: WtState,
    readonly config: ConfigStore,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** `wt seance`: the workers, live and past, that have transcripts; most recently active first. */
  async list(): Promise<SeanceListing[]> {
    return listSeanceSubjects(await findSubjects(this.state.db), { env: this.env })
  }

  /** `wt seance <name|bead> -p <question>`: fork-resume its session, else answer from its transcripts. */
  async ask(query: string, question: string, options: AskOptions = {}): Promise<SeanceResult & Picked> {
    const { subject, files, note } = await pickSubject(await findSubjects(this.state.db), query, this.env)
    this.index ??= new TranscriptIndex(this.state.raw)
    const command = this.config.settings(subject.project ?? undefined).seanceCommand
    const result = await seance(subject, question, { ...options, env: this.env, command, files, index: this.index })
    return { ...result, note }
  }

  /** `wt seance <name|bead> --stats`: turns, wall time, tokens and cache ratio per model. */
  async stats(query: string, options: Pick<AskOptions, 'sessionId' | 'onProgress'> = {}): Promise<StatsResult & Picked> {
    const { subject, files, note } = await pickSubject(await findSubjects(this.state.db), query, this.env)
    return { ...(await seanceStats(subject, { ...options, env: this.env, files })), note }
  }
}
