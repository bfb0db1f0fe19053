import type { BdRun } from '../body.js'
import type Quickstart from '../commands/quickstart.js'
import { quickstartText } from '../onboarding.js'

export default async function quickstart({ io }: BdRun<typeof Quickstart>): Promise<number | void> {
  io.stdout.write(quickstartText())
}
