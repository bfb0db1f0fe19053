/**
 * Menus an agent shows and waits on: a highlighted option (`❯ 1. Yes`, `❯ No, exit`) among its
 * siblings, at the bottom of the screen, usually under a question and over a footer (`Enter to
 * confirm · Esc to cancel`). Pure: text in, the menu (question, options, which is highlighted) out.
 * What the marks and footers look like per agent is data (`MenuSpec` in presets.ts).
 */

export interface MenuSpec {
  /** The mark in front of the highlighted option. */
  highlight: string
  /** A footer line under the options. */
  footer: RegExp
  /** What the menu is about, from its question and text (first match wins; default `menu`). */
  kinds: ReadonlyArray<{ kind: string; pattern: RegExp }>
  /**
   * Options carry numbers (`1.`), which is what tells a menu from the input prompt (both start with
   * the same mark in the first column, as in Codex). Otherwise a highlighted option is indented.
   */
  numbered?: boolean
}

export interface MenuOption {
  /** 1-based position in the menu (the number an agent shows, when it numbers its options). */
  number: number
  label: string
}

export interface Menu {
  kind: string
  question: string | null
  options: MenuOption[]
  /** The highlighted option's number: what Enter would pick. */
  selected: number
}

/** Lines below the last option that still belong to the menu (footer, box border, hints). */
const TAIL = 3
/** How far above the options the question may sit. */
const QUESTION_REACH = 8

/** The text inside a box border (`│ … │`), with its columns kept. */
const unboxed = (line: string) => line.replace(/^(\s*)[│|]/, '$1 ').replace(/\s*[│|]\s*$/, '')

/** `1. Yes` → { n: 1, label: 'Yes' }; `No, exit` → { label: 'No, exit' }. */
const numbered = /^(\d+)\.\s+(.*)$/

export function parseMenu(spec: MenuSpec, lines: readonly string[]): Menu | null {
  const rows = lines.map(unboxed)
  const mark = new RegExp(
    `^(\\s${spec.numbered ? '*' : '+'})${spec.highlight.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s+)(${spec.numbered ? '\\d+\\.\\s' : '\\S'}.*)$`,
  )
  let at = -1
  let col = 0
  for (let i = rows.length - 1; i >= Math.max(0, rows.length - 1 - TAIL - 12); i--) {
    const m = mark.exec(rows[i]!)
    if (m) {
      at = i
      col = m[1]!.length + spec.highlight.length + m[2]!.length
      break
    }
  }
  if (at < 0) return null
  const isOption = (row: string) => row.length > col && row[col] !== ' ' && (row.slice(0, col).trim() === '' || row.slice(0, col).trim() === spec.highlight)
  const isContinuation = (row: string) => row.slice(0, col + 1).trim() === '' && row.trim() !== ''
  let first = at
  for (let i = at - 1; i >= 0; i--) {
    if (isOption(rows[i]!)) first = i
    else if (!isContinuation(rows[i]!)) break
  }
  let last = at
  for (let i = at + 1; i < rows.length; i++) {
    if (isOption(rows[i]!)) last = i
    else if (!isContinuation(rows[i]!)) break
  }
  const optionRows = rows
    .slice(first, last + 1)
    .map((r, i) => ({ row: r, index: first + i }))
    .filter(({ row }) => isOption(row))
  if (optionRows.length < 2) return null
  if (spec.numbered && !optionRows.every(({ row }) => numbered.test(row.slice(col).trim()))) return null
  const after = rows.slice(last + 1).filter((r) => r.trim() !== '')
  if (after.length > TAIL) return null
  const options = optionRows.map(({ row }, i) => {
    const text = row.slice(col).trim()
    const n = numbered.exec(text)
    return { number: n ? Number(n[1]) : i + 1, label: n ? n[2]!.trim() : text }
  })
  const selected = options[optionRows.findIndex(({ index }) => index === at)]!.number
  let question: string | null = null
  for (let i = first - 1; i >= Math.max(0, first - QUESTION_REACH); i--) {
    const q = rows[i]!.trim()
    if (q.includes('?')) {
      question = q.slice(0, q.indexOf('?') + 1).replace(/^[^A-Za-z]*/, '')
      break
    }
  }
  const footer = after.some((r) => spec.footer.test(r))
  if (!footer && !question) return null
  const about = [...rows.slice(Math.max(0, first - QUESTION_REACH), first), question ?? ''].join('\n')
  const kind = spec.kinds.find((k) => k.pattern.test(about))?.kind ?? 'menu'
  return { kind, question, options, selected }
}

/** `Do you want to proceed? [1. Yes · 2. No]`: the menu as one line for lists, alerts and errors. */
export const describeMenu = (menu: Menu): string =>
  `${menu.question ?? `${menu.kind} menu`} [${menu.options.map((o) => `${o.number}. ${o.label}`).join(' · ')}]`
