import { DomainError } from '../errors.js'
import { describeMenu, type Menu } from './rules/menu.js'
import { presets, readScreen, screenLines, type PresetName } from './rules/presets.js'
import { type PoolContext, type WorkerRow, dbOf } from './context.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A screen the preset cannot read, held this long by a live agent, is taken as started. */
const UNREAD_SETTLE_MS = 2000

export interface StartupCheck {
  /** `ready`: wait for the input prompt (`ready_pattern`, no menu) to type the first prompt into. `started`: alive and showing its prompt, work or a menu. */
  want: 'ready' | 'started'
  preset: PresetName
  readyPattern: RegExp
  timeoutMs: number
  /** How long the agent must stay up (`agent.start_check`): a first-run failure quits within a second or two. */
  aliveMs: number
  stop?: () => boolean
}

/**
 * Watches a freshly started agent until it has started (alive at least `aliveMs` and at its
 * prompt, working, on a menu, or reporting through its hooks) or fails: it exited, its session
 * vanished, it showed a menu where its prompt was needed, or nothing came within the timeout. A
 * failure carries the pane's last lines. Returns the menu the agent waits on, if any.
 */
export async function awaitStartup(ctx: PoolContext, worker: WorkerRow, check: StartupCheck): Promise<{ menu: Menu | null }> {
  const began = Date.now()
  const deadline = began + check.timeoutMs
  let lastScreen = ''
  for (;;) {
    const pane = (await ctx.tmux.listPanes()).find((p) => p.session === worker.session)
    if (!pane) throw startupFailure(worker, 'its tmux session vanished during start-up', lastScreen)
    const screen = await ctx.tmux.capture(worker.session).catch(() => lastScreen)
    lastScreen = screen
    if (pane.dead) throw startupFailure(worker, `the agent exited during start-up${pane.deadStatus === null ? '' : ` (status ${pane.deadStatus})`}`, screen)
    const reading = readScreen(presets[check.preset], screen)
    if (reading?.reading === 'exited') throw startupFailure(worker, `the agent exited during start-up (${reading.label})`, screen)
    const menu = reading?.menu ?? null
    const alive = Date.now() - began >= check.aliveMs
    if (check.want === 'ready') {
      if (menu)
        throw startupFailure(
          worker,
          `the agent shows a ${menu.kind} menu where its prompt should be: ${describeMenu(menu)}; the first prompt was not typed`,
          screen,
          'Answer it for new worktrees once (e.g. trust the worktree root), or use agent.prompt_via=arg.',
        )
      if (check.readyPattern.test(screen)) return { menu: null }
    } else if (alive) {
      if (reading) return { menu }
      if (await hookSeen(ctx, worker)) return { menu: null }
      if (screenLines(screen).length > 0 && Date.now() - began >= Math.max(UNREAD_SETTLE_MS, check.aliveMs)) return { menu: null }
    }
    if (check.stop?.()) return { menu: null }
    if (Date.now() >= deadline) {
      const what = check.want === 'ready' ? `show its prompt (${check.readyPattern})` : 'show its prompt or start working'
      throw startupFailure(
        worker,
        `the agent did not ${what} within ${Math.round(check.timeoutMs / 1000)}s`,
        screen,
        'Adjust agent.ready_pattern / agent.ready_timeout, or use agent.prompt_via=arg.',
      )
    }
    await sleep(100)
  }
}

async function hookSeen(ctx: PoolContext, worker: WorkerRow): Promise<boolean> {
  const row = await dbOf(ctx).selectFrom('workers').select('hook_at').where('id', '=', worker.id).executeTakeFirst()
  return !!row?.hook_at
}

function startupFailure(worker: WorkerRow, why: string, screen: string, hint = 'Run the agent command by hand in the worktree to see why.'): DomainError {
  // tmux's own "Pane is dead (status …)" line says nothing the message does not.
  const tail = screenLines(screen)
    .filter((l) => l.trim() !== '' && !/^Pane is dead\b/.test(l))
    .slice(-8)
    .map((l) => l.trim())
  // One line (error output shows controls, line breaks included); the lines themselves in `pane_tail`.
  const shown = tail.length ? `; its pane's last lines: ${tail.join(' | ')}` : '; its pane showed nothing'
  return new DomainError('FAILED', `${worker.name}: ${why}; every step was undone${shown}`, { hint, fields: { pane_tail: tail } })
}
