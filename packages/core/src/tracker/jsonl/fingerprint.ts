import { statSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { TrackerSchema } from '../schema.js'

// The per-command check lives here, apart from the import/export machinery, so that opening a
// tracker loads only this (the rest is imported when the JSONL actually changed, or on a write).

/**
 * Bookkeeping in the `metadata` table: what the JSONL looked like when this database last wrote or
 * imported it. `jsonl_stat` (size, mtime, inode) is the cheap check every command makes; the
 * content hash is computed only when the stat differs (a `git pull`, a merge, a checkout).
 */
export const KEY_STAT = 'jsonl_stat'
export const KEY_HASH = 'jsonl_hash'

export function statFingerprint(path: string): string | undefined {
  try {
    const s = statSync(path, { bigint: true })
    return `${s.size}:${s.mtimeNs}:${s.ino}`
  } catch {
    return undefined
  }
}

/**
 * `jsonl_event`: the last `events.id` the file reflects, set only when the file is exactly this
 * database's own export. Every mutation records an event on the bead whose line it changes, so the
 * next export re-renders just those lines. Imports clear it (the next export is a full one).
 */
export const KEY_EVENT = 'jsonl_event'

/**
 * `jsonl_pending`: the dirty mark of the crash order. A write commits the database with the JSONL
 * staged in a temp file, and renames it into place after the commit; until a later command clears
 * this mark, `{tmp, base}` names that temp file and the stat of the file it replaces. A command
 * killed between the commit and the rename leaves it set: the next one finishes the rename.
 */
export const KEY_PENDING = 'jsonl_pending'

/** `jsonl_hook`: bd's pre-commit hook of this clone (large files wait for it); `jsonl_dirty`: a write it has not flushed yet. */
export const KEY_HOOK = 'jsonl_hook'
export const KEY_DIRTY = 'jsonl_dirty'

export interface Pending {
  tmp: string
  base: string
}

export interface Recorded {
  stat?: string
  hash?: string
  event?: number
  pending?: Pending
  hook?: string
  dirty?: boolean
}

export async function recorded(db: Kysely<TrackerSchema>): Promise<Recorded> {
  const rows = await db
    .selectFrom('metadata')
    .select(['key', 'value'])
    .where('key', 'in', [KEY_STAT, KEY_HASH, KEY_EVENT, KEY_PENDING, KEY_HOOK, KEY_DIRTY])
    .execute()
  const get = (k: string) => rows.find((r) => r.key === k)?.value
  const event = get(KEY_EVENT)
  const pending = get(KEY_PENDING)
  return {
    stat: get(KEY_STAT),
    hash: get(KEY_HASH),
    ...(event !== undefined ? { event: Number(event) } : {}),
    ...(pending ? { pending: JSON.parse(pending) as Pending } : {}),
    hook: get(KEY_HOOK),
    dirty: get(KEY_DIRTY) === '1',
  }
}

/**
 * Records the file's stat and hash; `event` sets (number) or clears (null) the incremental-export
 * marker. `stat` is given when the file is still a staged temp file (the rename keeps it).
 */
export async function recordFingerprint(
  db: Kysely<TrackerSchema>,
  path: string,
  hash: string,
  event?: number | null,
  stat = statFingerprint(path) ?? '',
): Promise<void> {
  const values = [
    { key: KEY_STAT, value: stat },
    { key: KEY_HASH, value: hash },
    ...(typeof event === 'number' ? [{ key: KEY_EVENT, value: String(event) }] : []),
  ]
  await db
    .insertInto('metadata')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute()
  if (event === null) await db.deleteFrom('metadata').where('key', '=', KEY_EVENT).execute()
}
