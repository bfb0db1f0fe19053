import type { WtRun } from '../../body.js'
import type ConfigGet from '../../commands/config/get.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function configGet({ args, flags, io, configStore }: WtRun<typeof ConfigGet>): Promise<number | void> {
  const e = (await configStore()).get(args.key, flags.project)
  writeData(io, e, (e) => (e.value === undefined ? '' : String(e.value)))
}
