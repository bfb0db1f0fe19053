import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { PRIVATE_FILE_MODE } from './private-state.js'

/** Claude Code hook events wt listens to, and the `wt hook <event>` each calls. */
export const HOOK_EVENTS = {
  SessionStart: 'session-start',
  UserPromptSubmit: 'prompt-submit',
  Stop: 'stop',
  Notification: 'notification',
} as const

export const LOCAL_SETTINGS = join('.claude', 'settings.local.json')
/** Our own entries: `<wt> hook <event>` (found again and replaced on a re-install). */
const OURS = /(run\.js'?|^wt) hook (session-start|prompt-submit|stop|notification)$/

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

interface HookEntry {
  matcher?: string
  hooks: Array<{ type: string; command: string; timeout?: number }>
}

/**
 * Writes the hooks into `<worktree>/.claude/settings.local.json`, merging with what is there (the
 * repository's committed `.claude/settings.json` is never touched). Our own earlier entries are
 * replaced, anyone else's kept. `wtArgv` is how to run wt (e.g. [node, /path/to/run.js]).
 */
export function installClaudeHooks(worktree: string, wtArgv: readonly string[]): string {
  const file = join(worktree, LOCAL_SETTINGS)
  let settings: Record<string, unknown> = {}
  try {
    settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DomainError('INVALID_VALUE', `cannot parse ${file}: ${(e as Error).message}`, { hint: 'Fix the file, or remove it from the branch.' })
  }
  const hooks = { ...((settings.hooks as Record<string, HookEntry[]> | undefined) ?? {}) }
  const base = wtArgv.map(shellQuote).join(' ')
  for (const [event, arg] of Object.entries(HOOK_EVENTS)) {
    const others = (hooks[event] ?? [])
      .map((entry) => ({ ...entry, hooks: entry.hooks.filter((h) => !OURS.test(h.command)) }))
      .filter((entry) => entry.hooks.length > 0)
    hooks[event] = [...others, { matcher: '', hooks: [{ type: 'command', command: `${base} hook ${arg}`, timeout: 10 }] }]
  }
  settings.hooks = hooks
  mkdirSync(join(worktree, '.claude'), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(settings, null, 2) + '\n', { mode: PRIVATE_FILE_MODE })
  renameSync(tmp, file)
  return file
}
