import chalk, { Chalk, type ChalkInstance } from 'chalk'
import Table from 'cli-table3'

/** Colour only on a TTY, and never when NO_COLOR is set. */
export const color: ChalkInstance = new Chalk({ level: process.stdout.isTTY && !process.env.NO_COLOR ? chalk.level || 1 : 0 })

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({
    head: head.map((h) => color.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  })
  for (const r of rows) t.push(r.map(String))
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
}

export const truncate = (s: string, n: number): string => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s)
