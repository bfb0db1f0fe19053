import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { describeMenu, type Menu, type MenuOption } from './rules/menu.js'
import { presets, readScreen } from './rules/presets.js'
import { type PoolContext, type WorkerRow, recordEvent } from './context.js'
import { findLive } from './find.js'
import { withLockFile } from './lock.js'
import { presetOf } from './observe.js'
import { reconcile } from './reconcile.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The menu the worker's screen shows now, read with its preset (null: none). */
export function menuOf(ctx: PoolContext, w: WorkerRow, screen: string): Menu | null {
  return readScreen(presets[presetOf(ctx, w)], screen)?.menu ?? null
}

/** Refuses to type into a menu: Enter would pick its highlighted option, whatever the text said. */
export function refuseOnMenu(ctx: PoolContext, w: WorkerRow): (screen: string) => void {
  return (screen) => {
    const menu = menuOf(ctx, w, screen)
    if (menu) {
      throw new DomainError('CONFLICT', `${w.name} is waiting on a ${menu.kind} menu, not at its prompt: ${describeMenu(menu)}`, {
        hint: `Nothing was typed. Pick an option: wt answer ${w.name} <number|label>`,
        fields: { menu },
      })
    }
  }
}

/** The option a person asked for: its number, or its label (exact, else the one label that starts with or contains it). */
export function pickOption(menu: Menu, wanted: string): MenuOption {
  const text = wanted.trim().toLowerCase()
  const byNumber = /^\d+$/.test(text) ? menu.options.find((o) => o.number === Number(text)) : undefined
  const found =
    byNumber ??
    [
      (o: MenuOption) => o.label.toLowerCase() === text,
      (o: MenuOption) => o.label.toLowerCase().startsWith(text),
      (o: MenuOption) => o.label.toLowerCase().includes(text),
    ]
      .map((test) => menu.options.filter(test))
      .find((matches) => matches.length > 0)
  const options = menu.options.map((o) => `${o.number}. ${o.label}`).join(' · ')
  if (Array.isArray(found) && found.length > 1)
    throw new DomainError('AMBIGUOUS_ID', `"${wanted}" matches ${found.length} options: ${found.map((o) => `${o.number}. ${o.label}`).join(' · ')}`, {
      hint: 'Give the option number.',
    })
  const option = Array.isArray(found) ? found[0] : found
  if (!text || !option)
    throw new DomainError('INVALID_VALUE', `no option ${JSON.stringify(wanted)} in the ${menu.kind} menu: ${options}`, {
      hint: 'Give an option number or label.',
    })
  return option
}

export interface AnswerResult {
  worker: string
  menu: Menu
  picked: MenuOption
  /** What the screen shows afterwards (the next menu, if one followed). */
  next: Menu | null
}

/**
 * `wt answer <worker> <option>`: moves the highlight to the option with arrow keys, checks it is
 * highlighted, presses Enter, and checks the menu went away. Refuses when no menu is up.
 */
export async function answerMenu(ctx: PoolContext, nameOrBead: string, wanted: string, options: { timeoutMs?: number } = {}): Promise<AnswerResult> {
  await reconcile(ctx)
  const w = await findLive(ctx, nameOrBead)
  if (w.state === 'dead' || w.state === 'exited') throw new DomainError('UNAVAILABLE', `worker ${w.name} is ${w.state}: there is no menu to answer`)
  return withLockFile(join(ctx.state.home, 'locks', `send-${w.id}.lock`), async () => {
    const read = async () => menuOf(ctx, w, await ctx.tmux.capture(w.session))
    const menu = await read()
    if (!menu) throw new DomainError('CONFLICT', `${w.name} is not waiting on a menu`, { hint: `Send it a message instead: wt send ${w.name} "<text>"` })
    const picked = pickOption(menu, wanted)
    const index = (m: Menu, n: number) => m.options.findIndex((o) => o.number === n)
    let now: Menu | null = menu
    for (let tries = 0; now && now.selected !== picked.number && tries < menu.options.length * 2; tries++) {
      await ctx.tmux.sendKey(w.session, index(now, picked.number) > index(now, now.selected) ? 'Down' : 'Up')
      await sleep(150)
      now = await read()
    }
    if (!now || now.selected !== picked.number)
      throw new DomainError('FAILED', `could not highlight "${picked.number}. ${picked.label}" in ${w.name}'s menu`, { hint: `Look at it: wt ${w.name}` })
    await ctx.tmux.sendKey(w.session, 'Enter')
    const same = (m: Menu | null) =>
      !!m && m.question === menu.question && m.options.map((o) => o.label).join('\n') === menu.options.map((o) => o.label).join('\n')
    const deadline = Date.now() + (options.timeoutMs ?? 5000)
    let after: Menu | null = menu
    while (Date.now() < deadline) {
      await sleep(150)
      if (!(await ctx.tmux.hasSession(w.session))) {
        after = null
        break
      }
      after = await read().catch(() => null)
      if (!same(after)) break
    }
    if (same(after))
      throw new DomainError('FAILED', `${w.name}'s ${menu.kind} menu is still showing after picking "${picked.number}. ${picked.label}"`, {
        hint: `Look at it: wt ${w.name}`,
      })
    await recordEvent(ctx, {
      worker: w,
      type: 'answered',
      message: `${menu.question ?? menu.kind} → ${picked.number}. ${picked.label}`,
      data: { kind: menu.kind, option: picked.number, label: picked.label },
    })
    return { worker: w.name, menu, picked, next: after }
  })
}
