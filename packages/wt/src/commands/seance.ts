import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Seance extends WtCommand {
  static override summary = 'Ask a past worker why: fork-resume its session, or answer from its transcript'
  static override description =
    "Without a name, lists the workers (live and past) that have transcripts. Names and beads are reused, so a name may mean several past workers: the most recent is asked, and a note on stderr says so. With -p, forks the worker's latest agent session with `seance.command --resume <id> --fork-session -p` (the original transcript is never modified); when that CLI is missing, or with --offline, answers from the transcripts: passages ranked by relevance plus a digest of prompts, edited files, commands, commits and how it ended. --stats sums turns, wall time and token usage per model."
  static override examples = [
    '<%= config.bin %> seance',
    '<%= config.bin %> seance toast -p "why did you pick this approach?"',
    '<%= config.bin %> seance bd-a1b2 -p "why sqlite?" --offline --json',
    '<%= config.bin %> seance toast --stats',
  ]
  static override args = {
    worker: Args.string({
      ignoreStdin: true,
      description: 'Worker name, bead id or worktree path (live or past; when several workers match, the most recent).',
    }),
  }
  static override flags = {
    prompt: Flags.string({ char: 'p', description: 'The question to ask.' }),
    offline: Flags.boolean({ description: 'Answer from the transcript without running the agent CLI.' }),
    stats: Flags.boolean({ description: 'Turns, wall time, tokens and cache ratio per model.', exclusive: ['prompt', 'offline'] }),
    session: Flags.string({ description: 'Use this session (id or unique prefix) instead of the latest.' }),
  }
}
