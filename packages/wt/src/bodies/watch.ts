import type { WtRun } from '../body.js'
import type Watch from '../commands/watch.js'
import { workerTable } from '../render.js'
import { countFlag, writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'
import { showControls, showControlsDeep } from '@beadwork/core/text/controls'
import type { WatchMemory } from '@beadwork/core/workers/watch-tick'
import { formatAlertLine } from '@beadwork/core/workers/rules/transitions'
import type { WatchStep } from '@beadwork/core/workers/watch'

const CLEAR = '\x1b[H\x1b[2J'
const BELL = '\x07'

export default async function watch({ flags, io, pool }: WtRun<typeof Watch>): Promise<number | void> {
  const workers = await pool()
  if (flags.once) {
    const rows = await workers.list({ project: flags.project })
    writeData(io, rows, (rows) => (rows.length ? workerTable(rows) : 'No live workers. Spawn some: wt new --ready'))
    return
  }
  const ticks = countFlag('ticks', flags.ticks)
  const seconds = workers.watchInterval(flags.interval, flags.project)
  const tui = !flags['no-tui'] && !io.json && !!io.stdout.isTTY
  const ring = !!io.stdout.isTTY

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
  const conflictsSeen = new Set<string>()
  for (let tick = 1; !stop; tick++) {
    const step: WatchStep = await workers.watch({ memory, autoNudge: flags['auto-nudge'], project: flags.project, conflictsSeen })
    memory = step.memory
    const lines = [
      ...step.alerts.map(formatAlertLine),
      ...step.new_conflicts.map((c) => `${step.at.slice(0, 19)}Z conflict ahead: ${c} (wt conflicts)`),
      ...step.nudges.map((n) => `${step.at.slice(0, 19)}Z ${n.name} nudged (${n.reason})${n.delivered ? '' : `: failed, ${n.error}`}`),
    ].map((l) => showControls(l))
    if (tui) {
      recent.push(...lines)
      recent.splice(0, Math.max(0, recent.length - 8))
      io.stdout.write(CLEAR + screen(step, seconds, recent) + '\n')
    } else if (io.json) {
      for (const a of step.alerts)
        io.stdout.write(
          JSON.stringify({ type: 'alert', at: a.at.toISOString(), id: a.id ?? null, name: a.name, from: a.from, to: a.to, message: a.message }) + '\n',
        )
      for (const n of step.nudges) io.stdout.write(JSON.stringify({ type: 'nudge', at: step.at, ...n }) + '\n')
      for (const c of step.new_conflicts) io.stdout.write(JSON.stringify({ type: 'conflict', at: step.at, message: c }) + '\n')
    } else if (lines.length) io.stdout.write(lines.join('\n') + '\n')
    if (step.bell && ring) io.stdout.write(BELL)
    if (ticks && tick >= ticks) break
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}

function screen(step: WatchStep, seconds: number, recent: readonly string[]): string {
  const head = color.bold(`wt watch · ${step.at.slice(11, 19)}Z · every ${seconds}s · ${step.views.length} live`) + color.dim('  (Ctrl-C to stop)')
  const table = step.views.length ? workerTable(showControlsDeep(step.views)) : 'No live workers. Spawn some: wt new --ready'
  const conflicts = step.conflicts.length ? ['', color.yellow('Conflicts ahead:'), ...step.conflicts.map((c) => `- ${showControls(c)}`)] : []
  return [head, table, ...conflicts, ...(recent.length ? ['', color.dim('Recent:'), ...recent] : [])].join('\n')
}
