import type { BdRun } from '../../body.js'
import type DepAdd from '../../commands/dep/add.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function depAdd({ args, flags, io, tracker }: BdRun<typeof DepAdd>): Promise<number | void> {
  const t = await tracker()
  const change = await t.addDependency(args.issue, args['depends-on'], flags.type)
  writeData(io, change, (change) => `Added: ${change.issue_id} depends on ${change.depends_on_id} (${change.type})`)
}
