import { Args, Flags } from '@oclif/core'
import { BdCommand } from '../bd-command.js'
import { issueDetails } from '../render.js'
import { explanationLines } from '../render-plan.js'

export default class Show extends BdCommand {
  static override summary = 'Show beads in full: fields, dependencies, dependents, comments'
  static override examples = ['<%= config.bin %> show bd-a1b2', '<%= config.bin %> show a1b2 c3d4 --json']
  static override strict = false
  static override flags = { explain: Flags.boolean({ description: 'Add why each bead is or is not ready (`readiness` in --json).' }) }
  static override args = { ids: Args.string({ description: 'Bead ids (full, without prefix, or a unique part).', required: true }) }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Show)
    const tracker = await this.tracker(flags)
    const details = await tracker.show(argv as string[])
    if (flags.explain) {
      const why = await tracker.explain({ ids: details.map((d) => d.id) })
      const shown = details.map((d, i) => ({ ...d, readiness: { ready: why[i]!.ready, reasons: why[i]!.reasons } }))
      this.output(shown, (shown) => shown.map((d, i) => `${issueDetails(d)}\n\n${explanationLines(why[i]!)}`).join('\n\n'))
      return
    }
    this.output(details, (details) => details.map(issueDetails).join('\n\n'))
  }
}
