import type { BdRun } from '../body.js'
import type Init from '../commands/init.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function init({ flags, io }: BdRun<typeof Init>): Promise<number | void> {
  const { initWorkspace } = await import('@beadwork/core/tracker/open')
  const { bdCommand } = await import('../open-tracker.js')
  const result = await initWorkspace(io.cwd, {
    prefix: flags.prefix,
    force: flags.force,
    bdCommand: bdCommand(),
    databaseUrl: flags['database-url'],
    env: io.env,
  })
  if (flags.quiet && !io.json) return
  const skipped = result.hooks_not_installed?.length
    ? `\nLeft your git hooks alone: ${result.hooks_not_installed.join(', ')} (add \`bd hook <name>\` to them so a large JSONL is written at commit time).`
    : ''
  writeData(
    io,
    result,
    (result) => `Initialised beads workspace in ${result.beads_dir} (prefix ${result.prefix}).${skipped}\nNext: bd create "First task" -p 1`,
  )
}
