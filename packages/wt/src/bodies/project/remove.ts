import type { WtRun } from '../../body.js'
import type ProjectRemove from '../../commands/project/remove.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function projectRemove({ args, io, pool }: WtRun<typeof ProjectRemove>): Promise<number | void> {
  const p = await (await pool()).removeProject(args.name)
  writeData(io, p, (p) => `Removed project ${p.name} (${p.path}); the repository is untouched`)
}
