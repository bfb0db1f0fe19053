import type { TrackerHandle } from '@beadwork/core/tracker/open'

export interface TrackerFlags {
  db?: string
  actor?: string
}

/**
 * How every bd command opens its workspace — the oclif commands (BdCommand.tracker) and the fast
 * path (fast.ts) alike, so both see the same database, actor and write hooks. Anything a bd
 * command must do when it opens the tracker belongs here, not in BdCommand.
 */
export async function openCommandTracker(flags: TrackerFlags, options: { autoImport?: boolean } = {}): Promise<TrackerHandle> {
  const { openTracker } = await import('@beadwork/core/tracker/open')
  // Every write re-exports .beads/issues.jsonl inside its transaction; a JSONL changed by git
  // (pull, merge, checkout) is imported first unless autoImport is false.
  const handle = await openTracker({ db: flags.db, actor: flags.actor, autoImport: options.autoImport, bdCommand: bdCommand() })
  const s = handle.synced
  if (s && s.created + s.updated > 0) {
    process.stderr.write(`Synced from ${s.path}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged.\n`)
  }
  for (const w of s?.warnings ?? []) process.stderr.write(`warning: ${w}\n`)
  return handle
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`

/** How git runs this bd (the merge driver): this node and this script, by absolute path. */
export function bdCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(process.argv[1] ?? 'bd')}`
}
