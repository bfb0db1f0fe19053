import type { WtRun } from '../body.js'
import type Land from '../commands/land.js'
import { landReport } from '../render-landing.js'
import { usageError, writeData } from '@beadwork/core/cli/io'

export default async function land({ argv, flags, io, pool }: WtRun<typeof Land>): Promise<number | void> {
  if (!!flags.all === argv.length > 0)
    throw usageError(argv.length ? `give workers or --all, not both (${argv.join(' ')})` : 'name the workers to land, or pass --all')
  const result = await (await pool()).land({
    names: argv.length ? argv : undefined,
    all: flags.all,
    gate: flags.gate,
    dryRun: flags['dry-run'],
    project: flags.project,
  })
  writeData(io, result, landReport)
  // A queue run overnight is judged by its exit code: 1 when any worker it took did not land.
  if (!result.dry_run && result.failed > 0) return 1
}
