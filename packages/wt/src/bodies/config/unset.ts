import type { WtRun } from '../../body.js'
import type ConfigUnset from '../../commands/config/unset.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function configUnset({ args, flags, io, configStore }: WtRun<typeof ConfigUnset>): Promise<number | void> {
  const e = (await configStore()).unset(args.key, flags.project)
  writeData(io, e, (e) => `${e.key} = ${e.value ?? '(unset)'} (${e.source})`)
}
