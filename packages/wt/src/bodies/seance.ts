import type { WtRun } from '../body.js'
import type Seance from '../commands/seance.js'
import { listing, offlineAnswer, progressLine, resumeAnswer, stats } from '../render/seance.js'
import { type IO, writeData, writeNote } from '@beadwork/core/cli/io'
import type { IndexProgress } from '@beadwork/core/seance/types'
import { DomainError } from '@beadwork/core/errors'

/** Below this much to read, progress would only flicker. */
const PROGRESS_MIN_BYTES = 4e6

export default async function seance({ args, flags, io, pool }: WtRun<typeof Seance>): Promise<number | void> {
  if (args.worker && !flags.stats && flags.prompt === undefined) {
    throw new DomainError('USAGE', 'nothing to ask', { hint: `Ask with -p "question", or use --stats: wt seance ${args.worker} -p "why …?"` })
  }
  const seances = await (await pool()).seances()
  if (!args.worker) {
    const rows = await seances.list()
    return writeData(io, rows, (rows) => listing(rows))
  }
  const onProgress = progress(io)
  if (flags.stats) {
    const result = await seances.stats(args.worker, { sessionId: flags.session, onProgress })
    if (result.note) writeNote(io, result.note)
    return writeData(io, result, (result) => stats(result))
  }
  const result = await seances.ask(args.worker, flags.prompt!, { offline: flags.offline, sessionId: flags.session, onProgress })
  if (result.note) writeNote(io, result.note)
  if (result.mode === 'offline' && !flags.offline) writeNote(io, `Answering offline: ${result.reason}`)
  writeData(io, result, (result) => (result.mode === 'resume' ? resumeAnswer(result) : offlineAnswer(result)))
}

/** Progress on stderr, only on a TTY and only for large reads; the line is cleared when done. */
function progress(io: IO): ((p: IndexProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined
  let last = 0
  return (p) => {
    if (p.bytes_total < PROGRESS_MIN_BYTES) return
    const now = Date.now()
    const done = p.bytes_done >= p.bytes_total
    if (!done && now - last < 100) return
    last = now
    io.stderr.write(done ? '\r\u001b[K' : progressLine(p))
  }
}
