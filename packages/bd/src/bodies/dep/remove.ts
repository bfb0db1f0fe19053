import type { BdRun } from '../../body.js'
import type DepRemove from '../../commands/dep/remove.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function depRemove({ args, io, tracker }: BdRun<typeof DepRemove>): Promise<number | void> {
  const t = await tracker()
  const change = await t.removeDependency(args.issue, args['depends-on'])
  writeData(io, change, (change) => `Removed: ${change.issue_id} no longer depends on ${change.depends_on_id} (${change.type})`)
}
