import type { IO } from '@beadwork/core/cli/io'
import type { TrackerHandle } from '@beadwork/core/tracker/open'

export interface TrackerFlags {
  db?: string
  actor?: string
}

/**
 * How every bd command body opens its workspace (body.ts runBody), in the command's folder and
 * environment. Anything a bd command must do when it opens the tracker belongs here.
 */
export async function openCommandTracker(flags: TrackerFlags, io: IO, options: { autoImport?: boolean } = {}): Promise<TrackerHandle> {
  const { openTracker } = await import('@beadwork/core/tracker/open')
  // Every write re-exports .beads/issues.jsonl inside its transaction; a JSONL changed by git
  // (pull, merge, checkout) is imported first unless autoImport is false.
  const handle = await openTracker({ db: flags.db, actor: flags.actor, cwd: io.cwd, env: io.env, autoImport: options.autoImport, bdCommand: bdCommand() })
  const s = handle.synced
  if (s && s.created + s.updated > 0) {
    io.stderr.write(`Synced from ${s.path}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged.\n`)
  }
  for (const w of s?.warnings ?? []) io.stderr.write(`warning: ${w}\n`)
  return handle
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`

/** How git runs this bd (the merge driver): this node and this script, by absolute path. */
export function bdCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(process.argv[1] ?? 'bd')}`
}
