import { color, table, truncate } from '@beadwork/core/cli/style'
import type { OfflineAnswer, ResumeAnswer, SeanceListing, StatsResult } from '@beadwork/core/seance/service'
import type { IndexProgress } from '@beadwork/core/seance/types'

const when = (iso: string | null) =>
  iso
    ? iso
        .replace('T', ' ')
        .replace(/\.\d+Z$|Z$/, '')
        .slice(0, 16)
    : '—'
const n = (x: number) => x.toLocaleString('en-US')
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim()
const indent = (s: string, pad = '    ') =>
  s
    .split('\n')
    .map((l) => pad + l)
    .join('\n')

export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`
}

export function listing(rows: SeanceListing[]): string {
  if (!rows.length) return 'No workers with transcripts.'
  return table(
    ['NAME', 'BEAD', 'TITLE', 'PROJECT', 'ENDED', 'SESSIONS', 'LAST ACTIVE', 'WORKTREE'],
    rows.map((r) => [
      r.name,
      r.bead ?? '',
      truncate(r.title ?? '', 40),
      r.project ?? '',
      r.ended_at ? `${when(r.ended_at)}${r.end_reason ? ` ${r.end_reason}` : ''}` : 'live',
      r.session_ids.length,
      when(r.last_activity),
      r.worktree,
    ]),
  )
}

export function resumeAnswer(r: ResumeAnswer): string {
  return `${r.answer}\n${color.dim(`— ${r.subject.name}, forked from session ${r.session_id} (the original is untouched)`)}`
}

export function offlineAnswer(r: OfflineAnswer): string {
  const d = r.digest
  const out = [color.bold(`${r.subject.name}: answered from ${r.session_ids.length} transcript(s) (${r.reason})`), '', color.bold('Most relevant passages')]
  if (!r.passages.length) out.push('  (nothing in the transcripts matches the question)')
  for (const p of r.passages)
    out.push(
      `  ${color.cyan(when(p.timestamp))} ${color.bold(p.speaker)}${p.kind === 'text' || p.kind === 'prompt' ? '' : ` (${p.kind})`}`,
      indent(truncate(p.text, 1200)),
    )
  out.push('', color.bold('Digest'))
  if (d.summaries.length) out.push(`  Summary: ${d.summaries.join(' / ')}`)
  out.push(`  Prompts (${d.prompts.length}):`, ...d.prompts.slice(0, 5).map((p) => `    ${color.cyan(when(p.timestamp))} ${truncate(oneLine(p.text), 160)}`))
  if (d.prompts.length > 5) out.push(color.dim(`    … ${d.prompts.length - 5} more (--json for all)`))
  out.push(
    `  Files edited (${d.files_edited.length}):`,
    ...d.files_edited.slice(0, 20).map((f) => `    ${f.path}${f.edits > 1 ? color.dim(` ×${f.edits}`) : ''}`),
  )
  out.push(`  Commands run: ${d.commands.length}${d.commands.length ? `, last: ${truncate(oneLine(d.commands[d.commands.length - 1].command), 120)}` : ''}`)
  out.push(
    `  Commits (${d.commits.length}):`,
    ...d.commits.map((c) => `    ${c.sha ? `${c.sha} ${c.subject}` : color.dim(`(not confirmed) ${truncate(oneLine(c.command), 120)}`)}`),
  )
  if (d.ending)
    out.push(`  Ended ${when(d.ending.timestamp)}${d.ending.stop_reason ? ` (${d.ending.stop_reason})` : ''}:`, indent(truncate(d.ending.text ?? '', 600)))
  return out.join('\n')
}

export function stats(s: StatsResult): string {
  const ratio = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
  const row = (name: string, t: StatsResult['total']) => [
    name,
    n(t.requests),
    n(t.input_tokens),
    n(t.output_tokens),
    n(t.cache_read_input_tokens),
    n(t.cache_creation_input_tokens),
    ratio(t.cache_ratio),
  ]
  return [
    color.bold(
      `${s.subject.name}: ${s.sessions.length} session(s), ${s.turns} turn(s), wall time ${duration(s.wall_seconds)} (${when(s.started_at)} → ${when(s.ended_at)})`,
    ),
    table(
      ['MODEL', 'REQUESTS', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'CACHE RATIO'],
      [...s.models.map((m) => row(m.model, m)), ...(s.models.length > 1 ? [row('total', s.total)] : [])],
    ),
  ].join('\n')
}

/** A progress line for stderr on a TTY, redrawn in place. */
export function progressLine(p: IndexProgress): string {
  const pct = p.bytes_total ? Math.floor((p.bytes_done / p.bytes_total) * 100) : 100
  return `\r${p.phase === 'index' ? 'indexing' : 'reading'} transcripts ${mb(p.bytes_done)} / ${mb(p.bytes_total)} (${pct}%)\u001b[K`
}
