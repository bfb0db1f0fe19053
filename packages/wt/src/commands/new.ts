import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class New extends WtCommand {
  static override summary = 'Spawn a worker for a bead: claim, worktree, tmux session, agent, prompt'
  static override description = 'Any failure undoes every step taken: no session, worktree, branch, claim or record is left behind.'
  static override examples = [
    '<%= config.bin %> new bd-a1b2 --no-switch',
    '<%= config.bin %> new bd-a1b2 --name quartz --project api',
    '<%= config.bin %> new bd-c3d4 --shell --no-switch --json',
  ]
  static override args = { bead: Args.string({ description: 'Bead id (its prefix picks the project).', required: true }) }
  static override flags = {
    'no-switch': Flags.boolean({ description: 'Stay here; do not switch to the new session.' }),
    name: Flags.string({ description: 'Worker name (default: first free name of the pool).' }),
    project: Flags.string({ char: 'p', description: 'Project (default: from the bead prefix or the current repository).' }),
    'no-prompt': Flags.boolean({ description: 'Start the agent without the initial prompt.' }),
    shell: Flags.boolean({ description: 'Start a plain shell instead of the agent.' }),
    force: Flags.boolean({ description: 'Allow an epic.' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(New)
    const pool = await this.pool()
    const { worker, prompt, elapsed_ms } = await pool.spawn({ bead: args.bead, name: flags.name, project: flags.project, noPrompt: flags['no-prompt'], shell: flags.shell, force: flags.force })
    this.output({ name: worker.name, project: worker.project, bead: worker.bead, worktree: worker.worktree, branch: worker.branch, port_offset: worker.port_offset, prompt, elapsed_ms }, () => worker.name)
    if (!flags['no-switch'] && !this.json && process.stdout.isTTY && process.stdin.isTTY) await pool.switchTo(worker.name)
  }
}
