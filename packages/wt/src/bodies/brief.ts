import type { WtRun } from '../body.js'
import type Brief from '../commands/brief.js'
import { writeData } from '@beadwork/core/cli/io'
import { showControls } from '@beadwork/core/text/controls'

export default async function brief({ flags, io, pool }: WtRun<typeof Brief>): Promise<number | void> {
  const { text, json } = await (await pool()).brief({ since: flags.since })
  writeData(io, json, () => showControls(text, { multiline: true }))
}
