import type { BdRun } from '../body.js'
import type Prime from '../commands/prime.js'
import { primeText } from '../onboarding.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function prime({ io, tracker }: BdRun<typeof Prime>): Promise<number | void> {
  const t = await tracker()
  const data = await t.primer()
  writeData(io, data, (data) => primeText(data))
}
