import { color } from '@beadwork/core/cli/style'
import { type ConflictReport, conflictActions } from '@beadwork/core/landing/overlap'

const files = (xs: readonly string[]) => xs.join(', ')

export function conflictReport(r: ConflictReport): string {
  const predicted = r.pairs.filter((p) => p.conflicts.length).length + r.against_base.filter((b) => b.conflicts.length).length
  const lines = [`${r.workers.length} live worker${r.workers.length === 1 ? '' : 's'} · ${predicted} predicted conflict${predicted === 1 ? '' : 's'} · ${r.pairs.length + r.against_base.length - predicted} overlap${r.pairs.length + r.against_base.length - predicted === 1 ? '' : 's'} without conflict`]
  if (r.clean) return `${lines[0]}\nNo worker touches a file another worker or the base changed.`
  for (const p of r.pairs) {
    const conflict = p.conflicts.length ? `${color.red('conflict')} in ${files(p.conflicts)}` : 'merges cleanly'
    lines.push(`${p.a} ↔ ${p.b}: ${conflict}; both change ${files(p.overlap)}`)
  }
  for (const b of r.against_base) {
    const conflict = b.conflicts.length ? `${color.red('conflict')} in ${files(b.conflicts)}` : 'merges cleanly'
    lines.push(`${b.worker} vs ${b.base}: ${conflict}; both change ${files(b.overlap)}`)
  }
  const next = conflictActions(r)
  if (next.length) lines.push('Next:', ...next.map((n) => `- ${n}`))
  return lines.join('\n')
}
