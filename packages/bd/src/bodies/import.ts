import type { BdRun } from '../body.js'
import type Import from '../commands/import.js'
import { type IO, usageError, writeData, writeNote } from '@beadwork/core/cli/io'
import type { ImportSummary } from '@beadwork/core/tracker/jsonl/import'
import { readFile } from 'node:fs/promises'

const summaryLine = (s: ImportSummary): string =>
  [
    `${s.dry_run ? 'Would import: ' : ''}${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged`,
    s.kept_local ? ` (${s.kept_local} kept: the database copy is newer)` : '',
    s.tombstones ? `, ${s.tombstones} tombstone${s.tombstones === 1 ? '' : 's'} (deleted beads, kept)` : '',
  ].join('')

export default async function importBeads({ flags, io, open }: BdRun<typeof Import>): Promise<number | void> {
  const { resolve } = await import('node:path')
  const ownFile = flags.input === undefined
  const handle = await open({ autoImport: !ownFile })
  const t = handle.tracker
  const jsonlPath = handle.jsonlPath
  const onProgress = progress(io)
  let summary: ImportSummary
  if (ownFile || (jsonlPath && flags.input !== '-' && resolve(io.cwd, flags.input!) === jsonlPath)) {
    if (!jsonlPath) throw usageError('no .beads/issues.jsonl for this database: pass -i FILE')
    summary = (await t.syncFromJsonl(jsonlPath, { force: true, dryRun: flags['dry-run'], onProgress }))!
  } else {
    const content = flags.input === '-' ? await io.stdin.read() : await readFile(resolve(io.cwd, flags.input!), 'utf8')
    summary = await t.importJsonl(content, { dryRun: flags['dry-run'], source: flags.input === '-' ? 'stdin' : flags.input, onProgress })
  }
  onProgress?.(-1, -1)
  for (const w of summary.warnings.slice(0, 20)) writeNote(io, `warning: ${w}`)
  if (summary.warnings.length > 20) writeNote(io, `… and ${summary.warnings.length - 20} more warnings`)
  writeNote(io, summaryLine(summary))
  if (io.json) writeData(io, summary, (_summary) => undefined)
}

/** A one-line percentage on stderr, only on a TTY and only for large files. */
function progress(io: IO): ((done: number, total: number) => void) | undefined {
  if (!io.stderr.isTTY) return undefined
  let shown = false
  let last = -1
  return (done, total) => {
    if (done < 0) {
      if (shown) io.stderr.write('\r\x1b[K')
      return
    }
    if (total < 1000) return
    const pct = Math.floor((done / total) * 100)
    if (pct === last) return
    last = pct
    shown = true
    io.stderr.write(`\rImporting… ${pct}% (${done}/${total})`)
  }
}
