/**
 * Text that came from someone else (a bead pulled through git, an agent's screen, a worker's message)
 * must never drive the terminal it is printed on or the agent it is typed into. These are the two
 * pure rules for that; JSON output stays exact and never goes through them.
 */

// C0 controls, DEL, C1 controls, and the Unicode bidi overrides/isolates that reorder what a
// reader sees ("Trojan Source"), plus the line/paragraph separators some terminals break on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `^[` for ESC, `^M` for CR, `^?` for DEL (caret notation, as `cat -v`); `<U+202E>` for the rest. */
function shown(ch: string): string {
  const code = ch.codePointAt(0)!
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`
  if (code === 0x7f) return '^?'
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`
}

export interface ShowOptions {
  /** Keep `\n` and `\t` as they are (descriptions, notes); otherwise they are shown too (a title, a table cell). */
  multiline?: boolean
}

/** For human output: every control character made visible, so data can neither style, move, retitle nor clear the terminal. */
export function showControls(text: string, options: ShowOptions = {}): string {
  return text.replace(CONTROL, (ch) => (options.multiline && (ch === '\n' || ch === '\t') ? ch : shown(ch)))
}

export interface PasteOptions {
  /** Characters that make an agent treat a line as a command when they start it (`/`, and `!` for Claude Code). */
  commandStarts?: readonly string[]
  /**
   * The agent takes a bracketed paste (the whole paste is one submission). Without it, every line
   * break of a paste is Enter: the lines are joined into one (` ⏎ ` between them) instead.
   */
  bracketedPaste?: boolean
  /** `wt send --raw`: the first line is typed as given (a deliberate `/compact`); the others are still guarded. */
  firstLineAsIs?: boolean
}

/** What stands for a line break in text typed into an agent that would submit at each one. */
export const JOINED_LINE_BREAK = ' ⏎ '

/**
 * For text typed into an agent: line breaks normalised to `\n` (a CR is Enter to a TUI), every other
 * control made visible (so `ESC[201~` cannot end a bracketed paste early), every line that would
 * start with a command character indented by one space, which no agent reads as a command, and the
 * lines joined into one for an agent without bracketed paste, so a text is always one submission.
 */
export function neutralizeForPaste(text: string, options: PasteOptions = {}): string {
  const starts = options.commandStarts ?? ['/']
  const lines = showControls(text.replace(/\r\n?/g, '\n'), { multiline: true })
    .split('\n')
    .map((line, i) => (!(i === 0 && options.firstLineAsIs) && starts.some((s) => line.trimStart().startsWith(s)) ? ` ${line.trimStart()}` : line))
  return options.bracketedPaste === false ? lines.join(JOINED_LINE_BREAK) : lines.join('\n')
}

// Fields whose text is meant to span lines (a bead's long text, a comment, a screen, an answer).
const MULTILINE_FIELDS = new Set([
  'description',
  'design',
  'acceptance_criteria',
  'notes',
  'text',
  'body',
  'screen',
  'answer',
  'markdown',
  'prompt',
  'digest',
  'excerpt',
  'passages',
  'lines',
])

/**
 * A copy of `value` (JSON-like data) with every string passed through showControls: what a human
 * renderer is given, so no rendering can forget one field. Line breaks are kept in the fields
 * meant to span lines, shown elsewhere (a title's `\n` must not fake a table row).
 */
export function showControlsDeep<T>(value: T, multiline = false): T {
  if (typeof value === 'string') return showControls(value, { multiline }) as T
  if (Array.isArray(value)) return value.map((v) => showControlsDeep(v, multiline)) as T
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = showControlsDeep(v, multiline || MULTILINE_FIELDS.has(k))
  return out as T
}
