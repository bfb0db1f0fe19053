import type { WtRun } from '../body.js'
import type Projects from '../commands/projects.js'
import { writeData } from '@beadwork/core/cli/io'
import { table } from '@beadwork/core/cli/style'

export default async function projects({ io, pool }: WtRun<typeof Projects>): Promise<number | void> {
  const rows = await (await pool()).projects()
  writeData(io, rows, (rows) =>
    rows.length
      ? table(
          ['NAME', 'PREFIX', 'BASE', 'PATH'],
          rows.map((p) => [p.name, p.prefix, p.base_branch, p.path]),
        )
      : 'No projects. Add one: wt project add <name> <path>',
  )
}
