import { Flags } from '@oclif/core'
import { color } from '@beadwork/core/cli/style'
import type { DoctorReport } from '@beadwork/core/tracker/doctor'
import { BdCommand } from '../bd-command.js'

const MARK = { ok: color.green('✓'), warning: color.yellow('!'), error: color.red('✗') }

function render(r: DoctorReport): string {
  const lines = r.checks.map((c) => `${MARK[c.status]} ${c.name}: ${c.message}${c.fix ? `\n    fix: ${c.fix}` : ''}`)
  if (r.fixed.length) lines.push('', `Fixed: ${r.fixed.join('; ')}`)
  lines.push('', r.ok ? 'No errors found.' : 'Errors found: see the fixes above.')
  return lines.join('\n')
}

export default class Doctor extends BdCommand {
  static override summary = 'Check the database, its schema, readiness data and the JSONL; say how to fix problems'
  static override description = 'Checks SQLite integrity and foreign keys, the schema version, WAL mode, stored readiness, whether .beads/issues.jsonl matches the database (no conflict markers, no id on two lines), temp files or an unfinished write left by a killed command, and the .gitattributes merge rule. Exit 1 when an error is found. --fix recomputes readiness, finishes or removes what a killed write left, and re-exports the JSONL.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --fix', '<%= config.bin %> doctor --json']
  static override flags = { fix: Flags.boolean({ description: 'Repair what can be repaired safely (readiness, a missing or stale JSONL).' }) }

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor)
    const tracker = await this.tracker(flags, { autoImport: false })
    const report = await tracker.doctor({ dbPath: this.handle!.location.dbPath, jsonlPath: this.handle!.jsonlPath }, { fix: flags.fix })
    this.output(report, (report) => render(report))
    if (!report.ok) process.exitCode = 1
  }
}
