import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Watch extends WtCommand {
  static override summary = 'Watch workers: live table, one alert per change into waiting/idle/stuck/exited/dead/done'
  static override description = [
    'Every watch.interval seconds: one tmux list-panes, one capture per worker, a disk probe per worktree every watch.disk_interval; then each worker is classified (hooks, screen, tmux activity, disk progress) and the idle ladder suggests an action (5 min check, 15 investigate, 30 escalate with the defaults).',
    'Alerts ring the bell, or send a desktop notification when watch.notify=desktop and notify-send/osascript exists. A restarted watcher remembers what was already announced.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> watch',
    '<%= config.bin %> watch --once --json',
    '<%= config.bin %> watch --no-tui >> ~/wt-alerts.log',
    '<%= config.bin %> watch --auto-nudge --interval 10',
  ]
  static override flags = {
    once: Flags.boolean({ description: 'Print one snapshot and exit (the same rows as wt list).' }),
    'no-tui': Flags.boolean({
      description: 'No redrawn table: one line per transition, `<time> <name> <from> -> <to> [message]` (with --json: one JSON object per line).',
    }),
    'auto-nudge': Flags.boolean({ description: 'Send the level-1 nudge to idle or interrupted workers, at most once per watch.nudge_cooldown.' }),
    interval: Flags.string({ description: 'Seconds between ticks (default: watch.interval).' }),
    project: Flags.string({ description: 'Only this project.' }),
    ticks: Flags.string({ description: 'Stop after this many ticks (default: until interrupted).' }),
  }
}
