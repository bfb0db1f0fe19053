import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { gitPath } from '../../adapters/git/repo.js'

// Large workspaces defer the JSONL: a write marks it dirty instead of rewriting 40 MB, and git's
// hooks keep the committed file current (pre-commit writes and stages it; post-merge and
// post-checkout import what git brought). Small files are still written on every write.

const MARK = '# bd: keeps .beads/issues.jsonl in step with the database'
export const HOOKS = ['pre-commit', 'post-merge', 'post-checkout'] as const
export type HookName = (typeof HOOKS)[number]

/** Above this size a write defers the export to the pre-commit hook (when the hooks are installed). */
export const deferBytes = (): number => Number(process.env.BEADS_DEFER_EXPORT_BYTES) || 8 * 1024 * 1024

const script = (command: string, hook: HookName) => `#!/bin/sh\n${MARK}\n${command} hook ${hook} "$@"\n`

function hooksDir(root: string): string | undefined {
  const dir = gitPath(root, 'hooks')
  if (dir === undefined) return undefined
  return isAbsolute(dir) ? dir : join(root, dir)
}

/**
 * Installs bd's three hooks in the clone at `root` (never over a hook someone else wrote: those are
 * reported). Returns the pre-commit hook's path when it is bd's, which is what lets writes defer.
 */
export function installHooks(root: string, command: string): { preCommit?: string; foreign: string[] } {
  const dir = hooksDir(root)
  if (!dir || !existsSync(dir)) return { foreign: [] }
  const foreign: string[] = []
  for (const hook of HOOKS) {
    const path = join(dir, hook)
    if (existsSync(path) && !readFileSync(path, 'utf8').includes(MARK)) {
      foreign.push(path)
      continue
    }
    writeFileSync(path, script(command, hook))
    chmodSync(path, 0o755)
  }
  const preCommit = join(dir, 'pre-commit')
  return { ...(foreign.includes(preCommit) ? {} : { preCommit }), foreign }
}

/** Whether the export of `jsonl` may wait for the commit: the file is large and bd's pre-commit hook is in place. */
export function exportMayWait(jsonl: string, preCommit: string | undefined): boolean {
  if (!preCommit) return false
  try {
    return statSync(jsonl).size >= deferBytes() && readFileSync(preCommit, 'utf8').includes(MARK)
  } catch {
    return false
  }
}
