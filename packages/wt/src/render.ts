import { color, table, truncate } from '@beadwork/core/cli/style'
import type { WorkerView } from '@beadwork/core/workers/views'

const STATE_COLOR: Record<string, (s: string) => string> = {
  starting: color.cyan,
  working: color.green,
  waiting: color.yellow.bold,
  idle: color.yellow,
  stuck: color.red,
  done: color.blue,
  exited: color.red,
  dead: color.red.bold,
  ended: color.gray,
}
export const state = (s: string) => (STATE_COLOR[s] ?? ((x: string) => x))(s)

export function ago(seconds: number | null): string {
  if (seconds === null) return '-'
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`
  return `${Math.floor(seconds / 86400)}d`
}

export function workerTable(rows: WorkerView[]): string {
  return table(
    ['NAME', 'PROJECT', 'BEAD', 'STATE', 'SIGNAL', 'IDLE', 'AHEAD', 'FILES', 'PORT', 'ESC', 'TITLE'],
    rows.map((w) => [
      color.bold(w.name),
      w.project,
      w.bead,
      state(w.ended_at ? `ended:${w.end_reason ?? ''}` : w.state),
      w.signal ? truncate(w.message ? `${w.signal}: ${w.message}` : w.signal, 30) : '',
      ago(w.idle_seconds),
      w.commits_ahead,
      w.files_changed,
      w.port_offset,
      w.escalation_level,
      truncate(w.title, 50),
    ]),
  )
}

export function endText(r: { worker: string; bead: string; reason: string; worktree_removed: boolean; branch: string; branch_deleted: boolean; bead_status: string; notes: string[] }): string {
  return [
    `${r.worker} ${r.reason}: ${r.bead} is ${r.bead_status}; worktree ${r.worktree_removed ? 'removed' : 'kept'}; branch ${r.branch} ${r.branch_deleted ? 'deleted' : 'kept'}`,
    ...r.notes.map((n) => `  ${n}`),
  ].join('\n')
}
