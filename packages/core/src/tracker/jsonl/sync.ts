import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { writeTransaction } from '../../storage/write-transaction.js'
import type { TrackerContext } from '../context.js'
import type { TrackerSchema } from '../schema.js'
import { exportJsonl, sha256, writeFileAtomic } from './export.js'
import { parseJsonl } from './format.js'
import { type ImportSummary, importJsonl, importParsed } from './import.js'
import { DomainError } from '../../errors.js'

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

export async function recorded(db: Kysely<TrackerSchema>): Promise<{ stat?: string; hash?: string }> {
  const rows = await db.selectFrom('metadata').select(['key', 'value']).where('key', 'in', [KEY_STAT, KEY_HASH]).execute()
  const get = (k: string) => rows.find((r) => r.key === k)?.value
  return { stat: get(KEY_STAT), hash: get(KEY_HASH) }
}

export async function recordFingerprint(db: Kysely<TrackerSchema>, path: string, hash: string): Promise<void> {
  const stat = statFingerprint(path) ?? ''
  await db
    .insertInto('metadata')
    .values([
      { key: KEY_STAT, value: stat },
      { key: KEY_HASH, value: hash },
    ])
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute()
}

/**
 * The `afterWrite` hook: inside the write lock, after a mutation, rewrites the JSONL atomically
 * (temp file + rename) and records its fingerprint in the same transaction. A mutation that leaves
 * the export byte-identical does not touch the file.
 */
export function exportHook(path: string): (trx: Kysely<TrackerSchema>) => Promise<void> {
  return async (trx) => {
    const content = await exportJsonl(trx)
    const hash = sha256(content)
    const before = await recorded(trx)
    if (before.hash === hash && before.stat !== undefined && before.stat === statFingerprint(path)) return
    writeFileAtomic(path, content)
    await recordFingerprint(trx, path, hash)
  }
}

export type SyncResult = ImportSummary & { path: string }

/**
 * Before a command: when the JSONL differs from what this database last wrote or imported, import
 * it (beads missing from it were deleted elsewhere, once this database has synced with it before). Hot path: one stat and one indexed read when
 * nothing changed. The decision is re-made under the write lock, so a concurrent writer's fresh
 * export is never mistaken for a pull. Imports do not re-export (no loop): they record the
 * fingerprint of the file they absorbed.
 */
export async function syncFromJsonl(
  ctx: TrackerContext,
  path: string,
  options: { force?: boolean; dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<SyncResult | undefined> {
  if (!options.force) {
    const stat = statFingerprint(path)
    if (stat === undefined) return undefined
    const before = await recorded(ctx.db)
    if (before.stat === stat) return undefined
    const content = readFileSync(path, 'utf8')
    const hash = sha256(content)
    if (hash === before.hash || (!before.hash && content.trim() === '')) {
      // Same bytes (a checkout or touch moved the mtime): remember the new stat so the next command skips the hash.
      await recordFingerprint(ctx.db, path, hash).catch(() => undefined)
      return undefined
    }
  } else if (!existsSync(path)) {
    throw new DomainError('NOT_FOUND', `${path} does not exist`, { hint: 'Run `bd export -o .beads/issues.jsonl` to write it from the database.' })
  }
  if (options.dryRun) {
    const now = await recorded(ctx.db)
    return { ...(await importJsonl(ctx, readFileSync(path, 'utf8'), { dryRun: true, deleteMissing: now.hash !== undefined, source: path })), path }
  }
  return writeTransaction(ctx.db, async (trx) => {
    const now = await recorded(trx)
    if (!existsSync(path)) return undefined
    const current = readFileSync(path, 'utf8')
    const currentHash = sha256(current)
    if (currentHash === now.hash && !options.force) {
      await recordFingerprint(trx, path, currentHash)
      return undefined
    }
    const parsed = parseJsonl(current, path)
    const summary = await importParsed(trx, ctx, parsed, { deleteMissing: now.hash !== undefined, source: 'issues.jsonl (sync)', onProgress: options.onProgress })
    await recordFingerprint(trx, path, currentHash)
    return { ...summary, path }
  })
}

/**
 * `bd export -o FILE`: writes the export atomically. When FILE is the workspace's own JSONL, the
 * write happens under the lock and its fingerprint is recorded, as after any mutation.
 */
export async function writeJsonlFile(ctx: TrackerContext, file: string, workspaceJsonl?: string): Promise<number> {
  const target = resolve(file)
  if (workspaceJsonl && target === resolve(workspaceJsonl)) {
    return writeTransaction(ctx.db, async (trx) => {
      const content = await exportJsonl(trx)
      writeFileAtomic(target, content)
      await recordFingerprint(trx, target, sha256(content))
      return content ? content.split('\n').length - 1 : 0
    })
  }
  const content = await exportJsonl(ctx.db)
  writeFileAtomic(target, content)
  return content ? content.split('\n').length - 1 : 0
}
