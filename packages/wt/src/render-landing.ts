import { color } from '@beadwork/core/cli/style'
import { type ConflictReport, conflictActions } from '@beadwork/core/landing/overlap'
import type { LandOutcome, LandResult } from '@beadwork/core/landing/land'

const files = (xs: readonly string[]) => xs.join(', ')

export function conflictReport(r: ConflictReport): string {
  const predicted = r.pairs.filter((p) => p.conflicts.length).length + r.against_base.filter((b) => b.conflicts.length).length
  const lines = [
    `${r.workers.length} live worker${r.workers.length === 1 ? '' : 's'} · ${predicted} predicted conflict${predicted === 1 ? '' : 's'} · ${r.pairs.length + r.against_base.length - predicted} overlap${r.pairs.length + r.against_base.length - predicted === 1 ? '' : 's'} without conflict`,
  ]
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

const VERB: Record<LandOutcome['result'], string> = {
  landed: 'landed',
  conflict: 'not landed: rebase conflicts',
  gate_failed: 'not landed: gate failed',
  dirty: 'not landed: uncommitted changes',
  would_land: 'would land',
  would_conflict: 'would conflict',
}

export function landReport(r: LandResult): string {
  const lines: string[] = []
  for (const x of r.resumed) lines.push(`resumed ${x.worker}'s interrupted landing at ${x.from}`)
  for (const o of r.outcomes) {
    const detail =
      o.result === 'landed' ? ` → ${o.base} at ${o.commit!.slice(0, 12)}` : o.files?.length ? ` in ${files(o.files)}` : o.gate ? ` (${o.gate.exit})` : ''
    const after = o.escalated ? ` · escalated after ${o.attempts} attempts` : o.sent_back ? ` · sent back to ${o.worker} (attempt ${o.attempts})` : ''
    lines.push(
      `${o.worker} ${o.bead}: ${o.result === 'landed' || o.result === 'would_land' ? color.green(VERB[o.result]) : color.red(VERB[o.result])}${detail}${after}`,
    )
    if (o.result === 'gate_failed' && o.gate) lines.push(...o.gate.tail.slice(-5).map((l) => color.dim(`    ${l}`)))
    for (const n of o.notes) lines.push(color.dim(`    ${n}`))
  }
  for (const s of r.skipped) lines.push(color.dim(`${s.name} ${s.bead}: skipped, ${s.reason}`))
  lines.push(
    r.dry_run
      ? `dry run: nothing changed (${r.outcomes.length} in the queue)`
      : `${r.landed} landed, ${r.failed} not landed${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}`,
  )
  return lines.join('\n')
}
