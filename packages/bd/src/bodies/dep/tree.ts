import { parseDepth } from '@beadwork/core/tracker/values'
import type { BdRun } from '../../body.js'
import type DepTree from '../../commands/dep/tree.js'
import { treeLines } from '../../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function depTree({ args, flags, io, tracker }: BdRun<typeof DepTree>): Promise<number | void> {
  const t = await tracker()
  const nodes = await t.tree(args.id, { direction: flags.direction as 'down' | 'up', maxDepth: parseDepth(flags['max-depth']) })
  writeData(io, nodes, (nodes) => treeLines(nodes))
}
