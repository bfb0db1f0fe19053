import { showControls, showControlsDeep } from '@beadwork/core/text/controls'
import { Flags } from '@oclif/core'
import { color } from '@beadwork/core/cli/style'
import type { WatchStep } from '@beadwork/core/workers/watch'
import type { WatchMemory } from '@beadwork/core/workers/watch-tick'
import { formatAlertLine } from '@beadwork/core/workers/rules/transitions'
import { WtCommand } from '../wt-command.js'
import { workerTable } from '../render.js'

const CLEAR = '\x1b[H\x1b[2J'
const BELL = '\x07'

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
    'no-tui': Flags.boolean({ description: 'No redrawn table: one line per transition, `<time> <name> <from> -> <to> [message]` (with --json: one JSON object per line).' }),
    'auto-nudge': Flags.boolean({ description: 'Send the level-1 nudge to idle or interrupted workers, at most once per watch.nudge_cooldown.' }),
    interval: Flags.string({ description: 'Seconds between ticks (default: watch.interval).' }),
    project: Flags.string({ description: 'Only this project.' }),
    ticks: Flags.integer({ description: 'Stop after this many ticks (default: until interrupted).', min: 1 }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Watch)
    const pool = await this.pool()
    if (flags.once) {
      const rows = await pool.list({ project: flags.project })
      this.output(rows, (rows) => (rows.length ? workerTable(rows) : 'No live workers. Spawn some: wt new --ready'))
      return
    }
    const seconds = pool.watchInterval(flags.interval, flags.project)
    const tui = !flags['no-tui'] && !this.json && !!process.stdout.isTTY
    const ring = !!process.stdout.isTTY

    let stop = false
    let wake: () => void = () => undefined
    const onSignal = () => {
      stop = true
      wake()
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    const recent: string[] = []
    let memory: WatchMemory | undefined
    for (let tick = 1; !stop; tick++) {
      const step: WatchStep = await pool.watch({ memory, autoNudge: flags['auto-nudge'], project: flags.project })
      memory = step.memory
      const lines = [...step.alerts.map(formatAlertLine), ...step.nudges.map((n) => `${step.at.slice(0, 19)}Z ${n.name} nudged (${n.reason})${n.delivered ? '' : `: failed, ${n.error}`}`)].map((l) => showControls(l))
      if (tui) {
        recent.push(...lines)
        recent.splice(0, Math.max(0, recent.length - 8))
        process.stdout.write(CLEAR + screen(step, seconds, recent) + '\n')
      } else if (this.json) {
        for (const a of step.alerts) process.stdout.write(JSON.stringify({ type: 'alert', at: a.at.toISOString(), id: a.id ?? null, name: a.name, from: a.from, to: a.to, message: a.message }) + '\n')
        for (const n of step.nudges) process.stdout.write(JSON.stringify({ type: 'nudge', at: step.at, ...n }) + '\n')
      } else if (lines.length) process.stdout.write(lines.join('\n') + '\n')
      if (step.bell && ring) process.stdout.write(BELL)
      if (flags.ticks && tick >= flags.ticks) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }
}

function screen(step: WatchStep, seconds: number, recent: readonly string[]): string {
  const head = color.bold(`wt watch · ${step.at.slice(11, 19)}Z · every ${seconds}s · ${step.views.length} live`) + color.dim('  (Ctrl-C to stop)')
  const body = step.views.length ? workerTable(showControlsDeep(step.views)) : 'No live workers. Spawn some: wt new --ready'
  return [head, body, ...(recent.length ? ['', color.dim('Recent:'), ...recent] : [])].join('\n')
}
