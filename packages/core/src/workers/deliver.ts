import { DomainError } from '../errors.js'
import { neutralizeForPaste, type PasteOptions } from '../text/controls.js'
import type { Tmux } from '../adapters/tmux/tmux.js'

export interface DeliverOptions {
  /** Pause between the paste and Enter (TUIs drop an Enter that arrives with the paste). */
  pauseMs?: number
  /** How long to wait for the screen to show the submission before pressing Enter again. */
  verifyMs?: number
  /** Extra Enters after the first, at most. */
  retries?: number
  /**
   * Looks at the screen just before anything is typed and throws to refuse (e.g. a menu is up: Enter
   * would pick its highlighted option, whatever was typed). The one place every delivery passes.
   */
  guard?: (screen: string) => void
  /** How the receiving agent reads typed text: every delivery is shaped by neutralizeForPaste with it. */
  input?: PasteOptions
}

export interface Delivery {
  /** Enter presses it took (1 = first time). */
  enters: number
  /** false when the screen never showed the submission (the text was still sent). */
  verified: boolean
  /** The text as typed: controls shown, command starts guarded, lines joined where the agent needs it. */
  typed: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The bottom of the screen, where a TUI keeps its input box (and often a footer under it): the
 * last few non-empty lines. A submitted message leaves it; an Enter that was swallowed does not.
 */
const bottom = (screen: string, lines = 6) =>
  screen
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n')

/**
 * Safe dispatch: shape the text for the agent (neutralizeForPaste: no controls, no line read as a
 * command, one submission), paste it (named buffer, bracketed paste), pause, press Enter as a
 * separate key, then check it was submitted: the bottom of the screen (input box) that showed the pasted text must change. If it
 * did not, Enter again, at most `retries` more times.
 */
export async function deliverText(tmux: Tmux, session: string, text: string, options: DeliverOptions = {}): Promise<Delivery> {
  const pauseMs = options.pauseMs ?? 500
  const verifyMs = options.verifyMs ?? 1500
  const retries = options.retries ?? 3
  if (!(await tmux.hasSession(session))) throw new DomainError('NOT_FOUND', `tmux session not found: ${session}`)
  const screen = await tmux.capture(session)
  options.guard?.(screen)
  const before = bottom(screen)
  const typed = neutralizeForPaste(text, options.input)
  await tmux.paste(session, typed)
  await sleep(pauseMs)
  const pending = bottom(await tmux.capture(session))
  // The app did not echo the paste: nothing to compare against; one Enter is all we can do.
  const checkable = pending !== before && pending !== ''
  for (let enters = 1; enters <= retries + 1; enters++) {
    await tmux.sendKey(session, 'Enter')
    if (!checkable) return { enters, verified: false, typed }
    const deadline = Date.now() + verifyMs
    while (Date.now() < deadline) {
      await sleep(100)
      if (bottom(await tmux.capture(session)) !== pending) return { enters, verified: true, typed }
    }
  }
  return { enters: retries + 1, verified: false, typed }
}

/** Waits until the screen matches `pattern`; false on timeout, or at once when the session or its process is gone. */
export async function waitForScreen(tmux: Tmux, session: string, pattern: RegExp, timeoutMs: number, stop: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const pane = (await tmux.listPanes()).find((p) => p.session === session)
    if (!pane) return false
    const screen = await tmux.capture(session).catch(() => '')
    if (pattern.test(screen)) return true
    if (pane.dead || stop() || Date.now() >= deadline) return false
    await sleep(100)
  }
}
