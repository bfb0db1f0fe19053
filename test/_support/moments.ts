/**
 * The moments table of the real-agent tests: poll `wt list` until a worker shows what the test set
 * up (its truth), record what it showed and how long it took, and (WT_CAPTURE_SCREENS=1) keep the
 * screen as a classifier fixture under test/fixtures/screens/<preset>/.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { presets, readScreen, type PresetName } from '../../packages/core/src/workers/rules/presets.js'
import { root, type Sandbox } from './wt.js'

export interface Row {
  id: number
  name: string
  bead: string
  state: string
  message: string | null
  interrupted: boolean
  worktree: string
  menu: { kind: string; question: string | null; options: Array<{ number: number; label: string }> } | null
}

export interface Moment {
  moment: string
  truth: string
  observed: string
  seconds: number
}

export const ok = (r: { code: number; stdout: string; stderr: string }, what: string) => {
  assert.is(r.code, 0, `${what}: exit ${r.code}\n${r.stderr}${r.stdout}`)
  return r
}

export function momentsOf(sb: () => Sandbox, preset: PresetName) {
  const moments: Moment[] = []
  const row = async (name: string) => (JSON.parse(ok(await sb().wt(['list', '--json']), 'wt list').stdout) as Row[]).find((r) => r.name === name)

  function capture(name: string, moment: string, r: Row) {
    if (!process.env.WT_CAPTURE_SCREENS || ['dead', 'exited'].includes(r.state)) return
    const state = r.interrupted ? 'interrupted' : r.state
    try {
      const screen = sb().tmux('capture-pane', '-p', '-J', '-t', `=${name}:`).replaceAll(sb().dir, '/tmp/wt-real')
      // The screen may have moved on since `wt list` read it: keep it only if it still reads the same.
      const reading = readScreen(presets[preset], screen)?.reading
      if ((reading === 'interrupted' ? 'interrupted' : reading === 'idle' || reading === undefined ? 'idle' : reading) !== state) return
      writeFileSync(join(root, 'test/fixtures/screens', preset, `${state}-real-${moment.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.txt`), screen)
    } catch {
      // the pane went away meanwhile
    }
  }

  /**
   * Polls `wt list` until the worker's row satisfies `want` (generous deadline: a loaded 2-core
   * machine runs the CLI slowly), records the moment and returns the row. Fails with the last row
   * and the screen.
   */
  async function observe(name: string, momentOf: string | ((r: Row) => string), truth: string, want: (r: Row) => boolean, ms = 60_000): Promise<Row> {
    const began = Date.now()
    let last: Row | undefined
    while (Date.now() - began < ms) {
      last = await row(name)
      if (last && want(last)) {
        const moment = typeof momentOf === 'string' ? momentOf : momentOf(last)
        moments.push({
          moment,
          truth,
          observed: `${last.state}${last.interrupted ? ' (interrupted)' : ''}${last.menu ? ` · ${last.menu.kind} menu` : ''}`,
          seconds: Math.round((Date.now() - began) / 100) / 10,
        })
        capture(name, moment, last)
        return last
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    const moment = typeof momentOf === 'string' ? momentOf : 'unnamed'
    moments.push({ moment, truth, observed: `${last?.state ?? 'gone'} (not ${truth} within ${ms / 1000}s)`, seconds: ms / 1000 })
    let screen = ''
    try {
      screen = sb().tmux('capture-pane', '-p', '-J', '-t', `=${name}:`)
    } catch {
      screen = '(no pane)'
    }
    assert.unreachable(`${moment}: ${name} never showed ${truth}; last row ${JSON.stringify(last)}\n${screen}`)
    throw new Error('unreachable')
  }

  const print = (title: string) => {
    if (process.env.WT_PRINT_MOMENTS)
      console.log(`\n${title}: moment | truth | wt list | seconds\n${moments.map((m) => `${m.moment} | ${m.truth} | ${m.observed} | ${m.seconds}`).join('\n')}`)
  }
  return { moments, row, observe, print }
}

/** Polls `fn` until true; false after `ms`. */
export async function waitFor(fn: () => boolean | Promise<boolean>, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await fn()) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}
