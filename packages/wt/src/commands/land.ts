import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Land extends WtCommand {
  static override summary = 'Land finished workers: a merge queue (rebase, gate, fast-forward, close the bead, end the worker)'
  static override description = [
    'One worker at a time, in bead priority order: rebase its branch onto the base (in a throw-away worktree), run the gate (land.gate or --gate, with land.gate_timeout) in its worktree, fast-forward the base, push when the project has a remote, close the bead and end the worker.',
    "On a conflict or a failing gate the base stays untouched, the worker is kept, and the failure (files, the gate's last lines) is sent back to it; after land.max_attempts it is escalated instead. --all takes workers that signalled done or sit idle with commits ahead. An interrupted wt land is resumed by the next one. Every step is an event (wt events).",
    'Exit code: 0 when every worker it took landed (or, with --dry-run, always), 1 when any did not; the report lists every outcome either way.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> land --all',
    '<%= config.bin %> land toast pearl --gate "npm test"',
    '<%= config.bin %> land --all --dry-run --json',
  ]
  static override strict = false
  static override args = { workers: Args.string({ ignoreStdin: true, description: 'Workers (names or bead ids) to land, whatever their state.' }) }
  static override flags = {
    all: Flags.boolean({ description: 'Every finished worker: signalled done, or idle with commits ahead.' }),
    gate: Flags.string({ description: 'Gate command for this run (overrides land.gate; run with sh -c in the worktree).' }),
    'dry-run': Flags.boolean({ description: 'Say what would land or conflict (git merge-tree); change nothing.' }),
    project: Flags.string({ description: 'Only this project.' }),
  }
}
