import { color, table, truncate } from '@beadwork/core/cli/style'
import type { WorkerView } from '@beadwork/core/workers/observe'

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

const dash = (n: number | null) => (n === null ? '-' : String(n))
/** What the hub should do, when the ladder says anything. */
const actionText = (a: string | null) => (a && a !== 'none' ? color.bold(a) : '')

export function workerTable(rows: WorkerView[]): string {
  // A menu's question and options do not fit a column: one line each under the table.
  const menus = rows
    .filter((w) => w.menu)
    .map((w) => `${color.bold(w.name)} waits on a ${w.menu!.kind} menu: ${w.message ?? ''} → wt answer ${w.name} <number|label>`)
  return [
    table(
      ['NAME', 'PROJECT', 'BEAD', 'STATE', 'IDLE', 'AHEAD', 'FILES', 'PORT', 'ESC', 'ACTION', 'SIGNAL', 'TITLE'],
      rows.map((w) => [
        color.bold(w.name),
        w.project,
        w.bead,
        state(w.ended_at ? `ended:${w.end_reason ?? ''}` : w.state),
        ago(w.idle_seconds),
        dash(w.commits_ahead),
        dash(w.files_changed),
        w.port_offset,
        w.escalation_level,
        actionText(w.action),
        w.signal ? truncate(w.message ? `${w.signal}: ${w.message}` : w.signal, 30) : '',
        truncate(w.title, 40),
      ]),
    ),
    ...menus,
  ].join('\n')
}

export function endText(r: {
  worker: string
  bead: string
  reason: string
  worktree_removed: boolean
  branch: string
  branch_deleted: boolean
  bead_status: string
  notes: string[]
}): string {
  return [
    `${r.worker} ${r.reason}: ${r.bead} is ${r.bead_status}; worktree ${r.worktree_removed ? 'removed' : 'kept'}; branch ${r.branch} ${r.branch_deleted ? 'deleted' : 'kept'}`,
    ...r.notes.map((n) => `  ${n}`),
  ].join('\n')
}
