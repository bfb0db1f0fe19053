/** One pane as `list-panes -a` reports it: everything a reconcile or watch tick needs, in one call. */
export interface PaneInfo {
  session: string
  panePid: number | null
  dead: boolean
  deadStatus: number | null
  currentCommand: string
  /** Last output in the pane's window (tmux `window_activity`). */
  activityAt: Date | null
}

export interface NewSessionOptions {
  name: string
  cwd: string
  env: Record<string, string>
  /** argv of the pane's process: no shell ever parses it. */
  command: readonly string[]
}

/**
 * The tmux port. Every target is exact (`=name:`), every argument goes through argv, text goes
 * through a named buffer fed on stdin. Adapters: `ExecTmux` (real tmux); tests may fake it.
 */
export interface Tmux {
  readonly socket: string | undefined
  available(): Promise<boolean>
  newSession(options: NewSessionOptions): Promise<void>
  hasSession(name: string): Promise<boolean>
  killSession(name: string): Promise<boolean>
  /** The first pane of every session, one tmux call. Empty when no server runs. */
  listPanes(): Promise<PaneInfo[]>
  /** The visible screen, wrapped lines joined (`capture-pane -p -J`). */
  capture(name: string): Promise<string>
  /** Loads `text` into a uniquely named buffer (stdin) and pastes it with bracketed paste, deleting the buffer. */
  paste(name: string, text: string): Promise<void>
  /** Sends one key by name (e.g. `Enter`), never as literal text. */
  sendKey(name: string, key: string): Promise<void>
  setWindowOption(name: string, option: string, value: string): Promise<void>
  /** switch-client when inside tmux, attach (interactive, inheriting stdio) outside. */
  switchTo(name: string, insideTmux: boolean): Promise<void>
}

/** tmux session names we create: no `.`/`:` (target syntax), no leading `-`, no spaces. */
export const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** Exact target for a session: `=name` matches only that name, never a prefix (`w1` vs `w10`). */
export const exactSession = (name: string) => `=${name}`
/** Exact target for the active pane of a session. */
export const exactPane = (name: string) => `=${name}:`
