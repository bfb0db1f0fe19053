import type { BdRun } from '../body.js'
import type Show from '../commands/show.js'
import { issueDetails } from '../render.js'
import { writeData } from '@beadwork/core/cli/io'

export default async function show({ argv, io, tracker }: BdRun<typeof Show>): Promise<number | void> {
    const t = await tracker()
    const details = await t.show(argv)
    writeData(io, details, (details) => details.map(issueDetails).join('\n\n'))
}
