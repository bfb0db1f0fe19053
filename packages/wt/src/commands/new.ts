import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class New extends WtCommand {
  static override summary = 'Spawn a worker for a bead: claim, worktree, tmux session, agent, prompt'
  static override description =
    'Any failure undoes every step taken: no session, worktree, branch, claim or record is left behind. With --ready, spawns workers for the top ready beads until max live workers exist.'
  static override examples = [
    '<%= config.bin %> new bd-a1b2 --no-switch',
    '<%= config.bin %> new bd-a1b2 --name quartz --project api',
    '<%= config.bin %> new bd-c3d4 --shell --no-switch --json',
    '<%= config.bin %> new --ready --max 3 -p 0,1',
  ]
  static override args = { bead: Args.string({ ignoreStdin: true, description: 'Bead id (its prefix picks the project).' }) }
  static override flags = {
    'no-switch': Flags.boolean({ description: 'Stay here; do not switch to the new session.' }),
    name: Flags.string({ description: 'Worker name (default: first free name of the pool).' }),
    project: Flags.string({ description: 'Project (default: from the bead prefix or the current repository).' }),
    'no-prompt': Flags.boolean({ description: 'Start the agent without the initial prompt.' }),
    shell: Flags.boolean({ description: 'Start a plain shell instead of the agent.' }),
    force: Flags.boolean({ description: 'Allow an epic.' }),
    ready: Flags.boolean({ description: 'Fill capacity from the ready beads of every project (or --project).' }),
    priority: Flags.string({ char: 'p', description: 'With --ready: only these priorities (e.g. 0,1).', multiple: true, delimiter: ',' }),
    max: Flags.string({ description: 'With --ready: live workers to fill up to (default: max_workers).' }),
  }
}
