import type { BdRun } from '../body.js'
import type Export from '../commands/export.js'
import { resolve } from 'node:path'
import { writeNote } from '@beadwork/core/cli/io'

export default async function exportBeads({ flags, io, open }: BdRun<typeof Export>): Promise<number | void> {
  const handle = await open()
  const t = handle.tracker
  if (!flags.output) {
    io.stdout.write(await t.exportJsonl())
    return
  }
  const count = await t.writeJsonlFile(resolve(io.cwd, flags.output), handle.jsonlPath)
  writeNote(io, `Exported ${count} beads to ${flags.output}`)
}
