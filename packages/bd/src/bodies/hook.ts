import type { BdRun } from '../body.js'
import type Hook from '../commands/hook.js'

export default async function hook({ args, io, open }: BdRun<typeof Hook>): Promise<number | void> {
  // git runs hooks at the worktree's root. A worktree without a database (a fresh `git worktree
  // add`, a worker's checkout) has nothing to flush: never create one from a hook.
  const { existsSync } = await import('node:fs')
  const { join } = await import('node:path')
  if (!existsSync(join(io.cwd, '.beads', 'beads.db'))) return
  const handle = await open()
  const t = handle.tracker
  const jsonl = handle.jsonlPath
  if (args.name !== 'pre-commit' || !jsonl) return
  if (!(await t.flushJsonl(jsonl))) return
  const { stage } = await import('@beadwork/core/adapters/git/repo')
  await stage(io.cwd, jsonl)
}
