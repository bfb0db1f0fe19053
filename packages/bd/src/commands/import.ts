import { readFile } from 'node:fs/promises'
import { Flags } from '@oclif/core'
import type { ImportSummary } from '@beadwork/core/tracker/jsonl/import'
import { BdCommand } from '../bd-command.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const summaryLine = (s: ImportSummary): string =>
  [
    `${s.dry_run ? 'Would import: ' : ''}${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged`,
    s.kept_local ? ` (${s.kept_local} kept: the database copy is newer)` : '',
    s.tombstones ? `, ${s.tombstones} tombstone${s.tombstones === 1 ? '' : 's'} (deleted beads, kept)` : '',
  ].join('')

export default class Import extends BdCommand {
  static override summary = 'Merge a JSONL file (beads line format) into the tracker'
  static override description =
    'Unchanged lines are skipped; otherwise the later updated_at wins; new ids are created with their labels, dependencies and comments. Without -i, re-reads .beads/issues.jsonl (what every command does by itself after a git pull). A file with merge-conflict markers is refused, naming the lines. Summary on stderr: N created, N updated, N unchanged.'
  static override examples = [
    '<%= config.bin %> import -i backup.jsonl',
    '<%= config.bin %> import -i ../other-repo/.beads/issues.jsonl --dry-run',
    'cat beads.jsonl | <%= config.bin %> import -i - --json',
    '<%= config.bin %> import',
  ]
  static override flags = {
    input: Flags.string({ char: 'i', description: 'File to import ("-" for stdin; default: .beads/issues.jsonl).' }),
    'dry-run': Flags.boolean({ description: 'Report what would change; write nothing.' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Import)
    const { resolve } = await import('node:path')
    const ownFile = flags.input === undefined
    const tracker = await this.tracker(flags, { autoImport: !ownFile })
    const jsonlPath = this.handle?.jsonlPath
    const onProgress = this.progress()
    let summary: ImportSummary
    if (ownFile || (jsonlPath && flags.input !== '-' && resolve(flags.input!) === jsonlPath)) {
      if (!jsonlPath) this.error('no .beads/issues.jsonl for this database: pass -i FILE', { exit: 2 })
      summary = (await tracker.syncFromJsonl(jsonlPath, { force: true, dryRun: flags['dry-run'], onProgress }))!
    } else {
      const content = flags.input === '-' ? await readStdin() : await readFile(flags.input!, 'utf8')
      summary = await tracker.importJsonl(content, { dryRun: flags['dry-run'], source: flags.input === '-' ? 'stdin' : flags.input, onProgress })
    }
    onProgress?.(-1, -1)
    for (const w of summary.warnings.slice(0, 20)) this.note(`warning: ${w}`)
    if (summary.warnings.length > 20) this.note(`… and ${summary.warnings.length - 20} more warnings`)
    this.note(summaryLine(summary))
    if (this.json) this.output(summary, (summary) => undefined)
  }

  /** A one-line percentage on stderr, only on a TTY and only for large files. */
  private progress(): ((done: number, total: number) => void) | undefined {
    if (!process.stderr.isTTY) return undefined
    let shown = false
    let last = -1
    return (done, total) => {
      if (done < 0) {
        if (shown) process.stderr.write('\r\x1b[K')
        return
      }
      if (total < 1000) return
      const pct = Math.floor((done / total) * 100)
      if (pct === last) return
      last = pct
      shown = true
      process.stderr.write(`\rImporting… ${pct}% (${done}/${total})`)
    }
  }
}
