import { Args, Flags } from '@oclif/core'
import { describeMenu } from '@beadwork/core/workers/rules/menu'
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
  static override args = { bead: Args.string({ description: 'Bead id (its prefix picks the project).' }) }
  static override flags = {
    'no-switch': Flags.boolean({ description: 'Stay here; do not switch to the new session.' }),
    name: Flags.string({ description: 'Worker name (default: first free name of the pool).' }),
    project: Flags.string({ description: 'Project (default: from the bead prefix or the current repository).' }),
    'no-prompt': Flags.boolean({ description: 'Start the agent without the initial prompt.' }),
    shell: Flags.boolean({ description: 'Start a plain shell instead of the agent.' }),
    force: Flags.boolean({ description: 'Allow an epic.' }),
    ready: Flags.boolean({ description: 'Fill capacity from the ready beads of every project (or --project).' }),
    priority: Flags.string({ char: 'p', description: 'With --ready: only these priorities (e.g. 0,1).', multiple: true, delimiter: ',' }),
    max: Flags.integer({ description: 'With --ready: live workers to fill up to (default: max_workers).', min: 1 }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(New)
    const pool = await this.pool()
    if (flags.ready) {
      if (args.bead) this.error(`give a bead or --ready, not both (${args.bead})`, { exit: 2 })
      const r = await pool.fill({ project: flags.project, priority: flags.priority, max: flags.max, noPrompt: flags['no-prompt'] })
      const out = { spawned: r.spawned.map((w) => ({ name: w.name, project: w.project, bead: w.bead, port_offset: w.port_offset })), skipped: r.skipped, live: r.live, max: r.max }
      this.output(out, (out) => [...out.spawned.map((w) => `${w.name}  ${w.bead}`), `${r.live}/${r.max} live workers${r.spawned.length ? '' : ' (nothing to spawn)'}`].join('\n'))
      return
    }
    if (!args.bead) this.error('missing bead: wt new <bead> (or wt new --ready)', { exit: 2 })
    const { worker, prompt, elapsed_ms, menu } = await pool.spawn({ bead: args.bead, name: flags.name, project: flags.project, noPrompt: flags['no-prompt'], shell: flags.shell, force: flags.force })
    this.output({ name: worker.name, project: worker.project, bead: worker.bead, worktree: worker.worktree, branch: worker.branch, port_offset: worker.port_offset, prompt, elapsed_ms, menu }, (shown) =>
      shown.menu ? `${shown.name}\n${shown.name} waits on a ${shown.menu.kind} menu: ${describeMenu(shown.menu)}\nanswer it: wt answer ${shown.name} <number|label>` : shown.name,
    )
    if (!flags['no-switch'] && !this.json && process.stdout.isTTY && process.stdin.isTTY) await pool.switchTo(worker.name)
  }
}
