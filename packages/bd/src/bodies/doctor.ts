import type { BdRun } from '../body.js'
import type Doctor from '../commands/doctor.js'
import { writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'
import type { DoctorReport } from '@beadwork/core/tracker/doctor'

const MARK = { ok: color.green('✓'), warning: color.yellow('!'), error: color.red('✗') }

function render(r: DoctorReport): string {
  const lines = r.checks.map((c) => `${MARK[c.status]} ${c.name}: ${c.message}${c.fix ? `\n    fix: ${c.fix}` : ''}`)
  if (r.fixed.length) lines.push('', `Fixed: ${r.fixed.join('; ')}`)
  lines.push('', r.ok ? 'No errors found.' : 'Errors found: see the fixes above.')
  return lines.join('\n')
}

export default async function doctor({ flags, io, open }: BdRun<typeof Doctor>): Promise<number | void> {
  const handle = await open({ autoImport: false })
  const report = await handle.tracker.doctor({ dbPath: handle.location.dbPath, jsonlPath: handle.jsonlPath }, { fix: flags.fix })
  writeData(io, report, (report) => render(report))
  return report.ok ? 0 : 1
}
