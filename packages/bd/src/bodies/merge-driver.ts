import type { BdRun } from '../body.js'
import type MergeDriver from '../commands/merge-driver.js'

export default async function mergeDriver({ args, io }: BdRun<typeof MergeDriver>): Promise<number | void> {
  const { mergeFiles } = await import('@beadwork/core/tracker/jsonl/merge-files')
  const outcome = await mergeFiles(args.base, args.ours, args.theirs, io.cwd)
  if (outcome.conflict) {
    io.stderr.write(`bd merge-driver: ${outcome.conflict}; left git's conflict markers in .beads/issues.jsonl\n`)
    return 1
  }
}
