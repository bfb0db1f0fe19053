import type { BdRun } from '../body.js'
import type Plan from '../commands/plan.js'
import { planText } from '../render-plan.js'
import { countFlag, writeData } from '@beadwork/core/cli/io'

export default async function plan({ flags, io, tracker }: BdRun<typeof Plan>): Promise<number | void> {
  writeData(io, await (await tracker()).plan({ workers: flags.workers, limit: countFlag('limit', flags.limit, 0) }), planText)
}
