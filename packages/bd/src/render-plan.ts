import { color, truncate } from '@beadwork/core/cli/style'
import { describeReason, type Explanation } from '@beadwork/core/tracker/explain'
import type { WorkPlan } from '@beadwork/core/tracker/plan'
import { priority, status } from './render.js'

/** `t-a1 [P1] open  Title` then one indented line per reason (or "ready"). */
export function explanationLines(e: Explanation): string {
  const head = `${color.bold(e.id)} [${priority(e.priority)}] ${status(e.status)} ${truncate(e.title, 70)}`
  if (e.ready) return `${head}\n  ${color.green('ready')}`
  return [head, ...e.reasons.map((r) => `  ${color.yellow('not ready:')} ${describeReason(r, e.id)}`)].join('\n')
}

export function explanations(list: Explanation[]): string {
  if (!list.length) return 'No beads.'
  const ready = list.filter((e) => e.ready).length
  return [`Ready ${ready} of ${list.length}:`, ...list.map(explanationLines)].join('\n')
}

const minutes = (m: number) => (m >= 120 ? `${Math.round(m / 6) / 10} h` : `${m} min`)

export function planText(plan: WorkPlan): string {
  const total = plan.waves.reduce((n, w) => n + w.count, 0)
  const lines = [
    `Plan: ${total} bead${total === 1 ? '' : 's'} in ${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'}${plan.held_count ? `, ${plan.held_count} held` : ''} (a bead without an estimate counts as ${plan.default_minutes} min)`,
  ]
  const more = (listed: number, count: number) => {
    if (count > listed) lines.push(color.dim(`  … ${count - listed} more (--limit 0 lists all)`))
  }
  for (const w of plan.waves) {
    lines.push('', color.bold(`Wave ${w.wave} (${w.count})${w.wave === 1 ? ': can start now' : ''}`))
    for (const b of w.beads) {
      const after = b.waits_on.length ? color.dim(` after ${b.waits_on.join(', ')}`) : ''
      lines.push(
        `  ${b.id} [${priority(b.priority)}] ${status(b.status)} ${truncate(b.title, 60)}${b.estimated_minutes ? color.dim(` ~${b.estimated_minutes} min`) : ''}${after}`,
      )
    }
    more(w.beads.length, w.count)
  }
  if (plan.critical_path.beads.length)
    lines.push('', `${color.bold('Critical path')} (${minutes(plan.critical_path.minutes)}): ${plan.critical_path.beads.join(' → ')}`)
  if (plan.held_count) {
    lines.push('', color.bold(`Held (${plan.held_count}): no wave until a person changes something`))
    for (const h of plan.held) lines.push(`  ${h.id} [${priority(h.priority)}] ${status(h.status)} ${truncate(h.title, 50)} ${color.dim(`— ${h.reason}`)}`)
    more(plan.held.length, plan.held_count)
  }
  if (plan.tracks) {
    lines.push('', color.bold(`Tracks for ${plan.tracks.workers} worker${plan.tracks.workers === 1 ? '' : 's'} (about ${minutes(plan.tracks.minutes)}):`))
    for (const t of plan.tracks.tracks) {
      const rest = t.count > t.steps.length ? color.dim(` → … ${t.count - t.steps.length} more`) : ''
      lines.push(`  ${t.track}: ${t.steps.length ? t.steps.map((s) => s.id).join(' → ') + rest : color.dim('(idle)')}`)
    }
  }
  return lines.join('\n')
}
