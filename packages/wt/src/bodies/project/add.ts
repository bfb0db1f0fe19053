import type { WtRun } from '../../body.js'
import type ProjectAdd from '../../commands/project/add.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function projectAdd({ args, flags, io, pool }: WtRun<typeof ProjectAdd>): Promise<number | void> {
  const p = await (await pool()).addProject(args.name, args.path, flags.branch)
  writeData(io, p, (p) => `Added project ${p.name}: ${p.path} (base ${p.base_branch}, beads ${p.prefix}-…)`)
}
