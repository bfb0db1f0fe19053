import { Args, Flags } from '@oclif/core'
import { DomainError } from '@beadwork/core/errors'
import type { IndexProgress } from '@beadwork/core/seance/types'
import { WtCommand } from '../wt-command.js'
import { listing, offlineAnswer, progressLine, resumeAnswer, stats } from '../render/seance.js'

/** Below this much to read, progress would only flicker. */
const PROGRESS_MIN_BYTES = 4e6

export default class Seance extends WtCommand {
  static override summary = 'Ask a past worker why: fork-resume its session, or answer from its transcript'
  static override description =
    'Without a name, lists the workers (live and past) that have transcripts. Names and beads are reused, so a name may mean several past workers: the most recent is asked, and a note on stderr says so. With -p, forks the worker\'s latest agent session with `seance.command --resume <id> --fork-session -p` (the original transcript is never modified); when that CLI is missing, or with --offline, answers from the transcripts: passages ranked by relevance plus a digest of prompts, edited files, commands, commits and how it ended. --stats sums turns, wall time and token usage per model.'
  static override examples = [
    '<%= config.bin %> seance',
    '<%= config.bin %> seance toast -p "why did you pick this approach?"',
    '<%= config.bin %> seance bd-a1b2 -p "why sqlite?" --offline --json',
    '<%= config.bin %> seance toast --stats',
  ]
  static override args = {
    worker: Args.string({ description: 'Worker name, bead id or worktree path (live or past; when several workers match, the most recent).' }),
  }
  static override flags = {
    prompt: Flags.string({ char: 'p', description: 'The question to ask.' }),
    offline: Flags.boolean({ description: 'Answer from the transcript without running the agent CLI.' }),
    stats: Flags.boolean({ description: 'Turns, wall time, tokens and cache ratio per model.', exclusive: ['prompt', 'offline'] }),
    session: Flags.string({ description: 'Use this session (id or unique prefix) instead of the latest.' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Seance)
    if (args.worker && !flags.stats && flags.prompt === undefined) {
      throw new DomainError('USAGE', 'nothing to ask', { hint: `Ask with -p "question", or use --stats: wt seance ${args.worker} -p "why …?"` })
    }
    const seances = await (await this.pool()).seances()
    if (!args.worker) {
      const rows = await seances.list()
      return this.output(rows, (rows) => listing(rows))
    }
    const onProgress = this.progress()
    if (flags.stats) {
      const result = await seances.stats(args.worker, { sessionId: flags.session, onProgress })
      if (result.note) this.note(result.note)
      return this.output(result, (result) => stats(result))
    }
    const result = await seances.ask(args.worker, flags.prompt!, { offline: flags.offline, sessionId: flags.session, onProgress })
    if (result.note) this.note(result.note)
    if (result.mode === 'offline' && !flags.offline) this.note(`Answering offline: ${result.reason}`)
    this.output(result, (result) => (result.mode === 'resume' ? resumeAnswer(result) : offlineAnswer(result)))
  }

  /** Progress on stderr, only on a TTY and only for large reads; the line is cleared when done. */
  private progress(): ((p: IndexProgress) => void) | undefined {
    if (!process.stderr.isTTY) return undefined
    let last = 0
    return (p) => {
      if (p.bytes_total < PROGRESS_MIN_BYTES) return
      const now = Date.now()
      const done = p.bytes_done >= p.bytes_total
      if (!done && now - last < 100) return
      last = now
      process.stderr.write(done ? '\r\u001b[K' : progressLine(p))
    }
  }
}
