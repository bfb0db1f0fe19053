import { DomainError } from '../../errors.js'
import { SESSION_NAME } from '../../adapters/tmux/tmux.js'

/** Words a worker may never be called: `wt <name>` would run the command instead of switching. */
export const RESERVED_NAMES = new Set([
  'answer',
  'attach',
  'brief',
  'close',
  'config',
  'done',
  'escalate',
  'events',
  'help',
  'hook',
  'kill',
  'list',
  'new',
  'project',
  'projects',
  'ready',
  'seance',
  'send',
  'signal',
  'status',
  'switch',
  'version',
  'watch',
])

export const THEMES: Record<string, readonly string[]> = {
  default: [
    'toast',
    'shadow',
    'obsidian',
    'quartz',
    'jasper',
    'ember',
    'maple',
    'pepper',
    'cobalt',
    'willow',
    'nova',
    'quill',
    'sable',
    'juniper',
    'marble',
    'tango',
  ],
  minerals: [
    'quartz',
    'jasper',
    'obsidian',
    'onyx',
    'garnet',
    'topaz',
    'agate',
    'basalt',
    'cobalt',
    'flint',
    'mica',
    'opal',
    'pyrite',
    'slate',
    'talc',
    'zircon',
  ],
  birds: ['wren', 'finch', 'heron', 'kestrel', 'lark', 'magpie', 'osprey', 'plover', 'raven', 'robin', 'swift', 'tern', 'thrush', 'egret', 'ibis', 'owl'],
}

/** The names of a theme or a comma list, reserved words and invalid names dropped. */
export function poolNames(namepool: string): string[] {
  const list = THEMES[namepool] ?? namepool.split(',').map((s) => s.trim().toLowerCase())
  const names = list.filter((n) => n && SESSION_NAME.test(n) && !RESERVED_NAMES.has(n))
  return names.length ? [...new Set(names)] : [...THEMES.default!]
}

/** First free name of the pool; when all are taken, numbered overflow (`toast-2`, `shadow-2`, … `toast-3`). */
export function pickName(namepool: string, taken: ReadonlySet<string>): string {
  const names = poolNames(namepool)
  for (const n of names) if (!taken.has(n)) return n
  for (let i = 2; ; i++) for (const n of names) if (!taken.has(`${n}-${i}`)) return `${n}-${i}`
}

/** Checks a name given with `--name`. */
export function validateName(name: string): string {
  if (!SESSION_NAME.test(name)) {
    throw new DomainError('INVALID_VALUE', `invalid worker name: ${JSON.stringify(name)}`, {
      hint: 'Use letters, digits, - and _ (no dots, colons or spaces), starting with a letter or digit.',
    })
  }
  if (RESERVED_NAMES.has(name.toLowerCase()))
    throw new DomainError('INVALID_VALUE', `invalid worker name: ${JSON.stringify(name)} is a wt command`, { hint: 'Pick another name.' })
  return name
}
