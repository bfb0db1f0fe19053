import type { PaneInfo } from './tmux.js'

/**
 * The `-F` format for the one `tmux list-panes -a` call a reconcile or watch tick makes. Tab-separated; session
 * names are validated by `wt` (no tabs, no newlines).
 */
export const listPanesFormat = ['#{session_name}', '#{pane_pid}', '#{pane_dead}', '#{pane_dead_status}', '#{pane_current_command}', '#{window_activity}'].join(
  '\t',
)

/** Parses `list-panes -a -F listPanesFormat` output; one entry per session (its first pane). */
export function parsePanes(stdout: string): PaneInfo[] {
  const bySession = new Map<string, PaneInfo>()
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    const [session, pid, dead, deadStatus, command, activity] = line.split('\t')
    if (bySession.has(session)) continue
    const seconds = Number(activity)
    bySession.set(session, {
      session,
      panePid: pid ? Number(pid) : null,
      dead: dead === '1',
      deadStatus: deadStatus !== undefined && deadStatus !== '' ? Number(deadStatus) : null,
      currentCommand: command ?? '',
      activityAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null,
    })
  }
  return [...bySession.values()]
}
