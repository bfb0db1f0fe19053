import type { WtRun } from '../body.js'
import type Escalate from '../commands/escalate.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function escalate({ args, argv, flags, io, pool }: WtRun<typeof Escalate>): Promise<number | void> {
  const message = argv.slice(2).join(' ')
  const interactive = !io.json && !!io.stdout.isTTY && !!io.stdin.isTTY
  const r = await (await pool()).escalate(args.worker, args.rung, message || undefined, { force: flags.force, interactive })
  writeData(io, r, (r) =>
    [
      `${r.worker}: ${r.rung} (level ${r.level}); ${r.bead} is ${r.bead_status}`,
      ...(r.sent === false ? ['  sent, but the submission was not confirmed on screen'] : []),
      ...(r.kept_branch ? [`  old branch kept as ${r.kept_branch}`] : []),
      ...(r.respawned ? [`  fresh worker: ${r.respawned}`] : []),
      ...r.notes.map((n) => `  ${n}`),
    ].join('\n'),
  )
}
