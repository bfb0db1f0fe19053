import type { BdRun } from '../body.js'
import type Onboard from '../commands/onboard.js'
import { onboardText } from '../onboarding.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function onboard({ io }: BdRun<typeof Onboard>): Promise<number | void> {
  const text = onboardText()
  writeData(io, { markdown: text }, (shown) => shown.markdown)
}
