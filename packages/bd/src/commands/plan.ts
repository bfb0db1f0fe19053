import { Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Plan extends BdCommand {
  static override summary = 'Plan the fan-out: waves of open work, the critical path, and tracks for N workers'
  static override description =
    'Wave 1 is what can start now (what `bd ready` lists, plus the beads in progress); wave k+1 can start once wave k closes. The critical path is the heaviest chain of open blockers, weighted by estimated_minutes (a bead without one counts as the mean estimate). With --workers N, N tracks that keep the critical path moving first. Held: beads no wave reaches until a person changes a status, a date or a blocker that is not work.'
  static override examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan --workers 4',
    '<%= config.bin %> plan --workers 4 --json',
    '<%= config.bin %> plan --limit 0 --json   # every bead of every wave',
  ]
  static override flags = {
    workers: Flags.string({ char: 'w', description: 'Lay the plan out on this many parallel tracks (1–1000).' }),
    limit: Flags.string({
      char: 'n',
      description: 'List at most this many beads per wave, held beads and steps per track (0 = all); counts and minutes always cover everything.',
      default: '20',
    }),
  }
}
