import type { WtRun } from '../../body.js'
import type ConfigSet from '../../commands/config/set.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function configSet({ args, flags, io, configStore }: WtRun<typeof ConfigSet>): Promise<number | void> {
  const e = (await configStore()).set(args.key, args.value, flags.project)
  writeData(io, e, (e) => `${e.key} = ${e.value}${flags.project ? ` (project ${flags.project})` : ''}`)
}
