import type { WtRun } from '../body.js'
import type New from '../commands/new.js'
import { countFlag, usageError, writeData } from '@beadwork/core/cli/io'
import { describeMenu } from '@beadwork/core/workers/rules/menu'

export default async function newWorker({ args, flags, io, pool }: WtRun<typeof New>): Promise<number | void> {
  const workers = await pool()
  if (flags.ready) {
    if (args.bead) throw usageError(`give a bead or --ready, not both (${args.bead})`)
    const r = await workers.fill({ project: flags.project, priority: flags.priority, max: countFlag('max', flags.max), noPrompt: flags['no-prompt'] })
    const out = {
      spawned: r.spawned.map((w) => ({ name: w.name, project: w.project, bead: w.bead, port_offset: w.port_offset })),
      skipped: r.skipped,
      live: r.live,
      max: r.max,
    }
    writeData(io, out, (out) =>
      [
        ...out.spawned.map((w) => `${w.name}  ${w.bead}`),
        ...out.skipped.map((k) => `${k.bead} not spawned: ${k.reason}`),
        `${r.live}/${r.max} live workers${r.spawned.length ? '' : ' (nothing to spawn)'}`,
      ].join('\n'),
    )
    return
  }
  if (!args.bead) throw usageError('missing bead: wt new <bead> (or wt new --ready)')
  const { worker, prompt, elapsed_ms, menu } = await workers.spawn({
    bead: args.bead,
    name: flags.name,
    project: flags.project,
    noPrompt: flags['no-prompt'],
    shell: flags.shell,
    force: flags.force,
  })
  writeData(
    io,
    {
      name: worker.name,
      project: worker.project,
      bead: worker.bead,
      worktree: worker.worktree,
      branch: worker.branch,
      port_offset: worker.port_offset,
      prompt,
      elapsed_ms,
      menu,
    },
    (shown) =>
      shown.menu
        ? `${shown.name}\n${shown.name} waits on a ${shown.menu.kind} menu: ${describeMenu(shown.menu)}\nanswer it: wt answer ${shown.name} <number|label>`
        : shown.name,
  )
  if (!flags['no-switch'] && !io.json && io.stdout.isTTY && io.stdin.isTTY) await workers.switchTo(worker.name)
}
