import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { afterCommit, writeTransaction } from '../../storage/write-transaction.js'
import type { TrackerContext } from '../context.js'
import type { TrackerSchema } from '../schema.js'
import { type BeadLine, beadLines, rememberLines, sha256 } from './export.js'
import { compareText, parseJsonl } from './format.js'
import { type ImportSummary, importJsonl, importParsed } from './import.js'
import { DomainError } from '../../errors.js'
import { KEY_DIRTY, KEY_EVENT, KEY_HASH, KEY_PENDING, KEY_STAT, type Recorded, recordFingerprint, recorded, statFingerprint } from './fingerprint.js'
import { pendingConflicts } from './merge-log.js'
import { exportMayWait } from './hooks.js'
import type { FieldConflict } from './merge.js'
import { orphanedTempFiles, stageFile, tempFiles, writeOutputFile } from './output-file.js'

export { KEY_EVENT, KEY_HASH, KEY_STAT, type Recorded, recordFingerprint, recorded, statFingerprint } from './fingerprint.js'

const lastEvent = async (db: Kysely<TrackerSchema>): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  )

const LINE_START = Buffer.from('{"id":')
const NEWLINE = 0x0a
const QUOTE = 0x22
const SPACE = 0x20

/** The id of the line starting at byte `start` (lines begin with {"id":"…"} or, spaced, {"id": "…"}). */
function idAt(file: Buffer, start: number): string {
  let from = start + LINE_START.length
  if (file.compare(LINE_START, 0, LINE_START.length, start, from) !== 0) throw new NotOurExport()
  while (file[from] === SPACE) from++
  if (file[from] !== QUOTE) throw new NotOurExport()
  const quote = file.indexOf(QUOTE, from + 1)
  if (quote < 0 || file[quote - 1] === 0x5c) throw new NotOurExport() // an escaped quote: not a plain id
  return file.toString('utf8', from + 1, quote)
}

/** Thrown when the file is not in the shape our export writes: the caller does a full export. */
class NotOurExport extends Error {}

/**
 * Byte offset of the first line at or after `from` (a line start) whose id is >= `id`, or the
 * file's length: a binary search over byte offsets, as the file is sorted by id.
 */
function seek(file: Buffer, id: string, from: number): number {
  let lo = from
  let hi = file.length
  while (lo < hi) {
    const probe = lo + ((hi - lo) >> 1)
    const line = probe === 0 ? 0 : file.lastIndexOf(NEWLINE, probe - 1) + 1 // >= lo: lo is a line start
    if (compareText(idAt(file, line), id) < 0) lo = file.indexOf(NEWLINE, line) + 1
    else hi = line
  }
  return lo
}

/** Above this many changed beads a full export is as cheap as patching lines. */
const INCREMENTAL_LIMIT = 500

/**
 * The file with only the lines of `changed` beads re-rendered (or dropped when deleted), as byte
 * chunks: the runs of untouched lines between them are slices of the current file, found by binary
 * search and never decoded, split or joined (at 100k beads the file is 40 MB; going through it
 * line by line cost more than writing it). No `chunks` when no bead changed (the file is current).
 * Undefined when the file is not exactly our last export, so the caller falls back to a full export.
 */
async function patchedExport(
  trx: Kysely<TrackerSchema>,
  path: string,
  before: Recorded,
): Promise<{ chunks?: Buffer[]; lines?: BeadLine[]; event: number } | undefined> {
  if (before.event === undefined || before.stat === undefined || before.stat !== statFingerprint(path)) return undefined
  const event = await lastEvent(trx)
  const changed = [...new Set((await trx.selectFrom('events').select('issue_id').where('id', '>', before.event).execute()).map((r) => r.issue_id))]
  if (changed.length > INCREMENTAL_LIMIT) return undefined
  if (changed.length === 0) return { event }
  const file = readFileSync(path)
  if (file.length > 0 && file[file.length - 1] !== NEWLINE) return undefined
  const lines = await beadLines(trx, changed)
  const fresh = new Map(lines.map((l) => [l.id, Buffer.from(l.line + '\n')]))
  const chunks: Buffer[] = []
  let kept = 0 // start of the run of untouched lines not yet copied
  try {
    for (const id of changed.sort(compareText)) {
      const at = seek(file, id, kept)
      chunks.push(file.subarray(kept, at))
      kept = at < file.length && idAt(file, at) === id ? file.indexOf(NEWLINE, at) + 1 : at // the old line goes
      const line = fresh.get(id)
      if (line) chunks.push(line) // absent when the bead was deleted
    }
  } catch (e) {
    if (e instanceof NotOurExport) return undefined
    throw e
  }
  chunks.push(file.subarray(kept))
  return { chunks: chunks.filter((c) => c.length > 0), lines, event }
}

/**
 * The `afterWrite` hook: inside the write lock, after a mutation, stages the JSONL in a temp file
 * and records its fingerprint and a dirty mark in the same transaction; the temp file is renamed
 * into place only after the commit (crash order: the database first, the file follows; a write
 * that never commits never reaches the file). When the file is our last export, only the lines of
 * beads with new events are re-rendered. A byte-identical result does not touch the file.
 */
export function exportHook(
  path: string,
  context?: () => TrackerContext | undefined,
  options: { flush?: boolean } = {},
): (trx: Kysely<TrackerSchema>) => Promise<void> {
  return async (trx) => {
    let before = await finishInterruptedWrite(trx, path)
    const ctx = context?.()
    if (ctx) before = await absorbExternalChange(trx, ctx, path, before)
    if (!options.flush && exportMayWait(path, before.hook)) {
      // A large file waits for the commit: bd's pre-commit hook writes it (flushJsonl).
      if (!before.dirty)
        await trx
          .insertInto('metadata')
          .values({ key: KEY_DIRTY, value: '1' })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' }))
          .execute()
      return
    }
    if (before.dirty) await trx.deleteFrom('metadata').where('key', '=', KEY_DIRTY).execute()
    const patched = await patchedExport(trx, path, before)
    const event = patched?.event ?? (await lastEvent(trx))
    if (patched && !patched.chunks) {
      // Exactly our last export (same stat) and no bead changed: the recorded hash still holds.
      if (before.event !== event) await recordFingerprint(trx, path, before.hash!, event)
      return
    }
    const lines = patched?.lines ?? (await beadLines(trx))
    const chunks = patched?.chunks ?? [Buffer.from(joinLines(lines))]
    await rememberLines(trx, lines)
    await stageExport(trx, path, chunks, before, event)
  }
}

/** Writes what deferred writes left out (bd's pre-commit hook, `bd doctor --fix`); true when the file changed. */
export async function flushJsonl(ctx: TrackerContext, path: string): Promise<boolean> {
  const before = statFingerprint(path)
  await writeTransaction(
    ctx.db,
    exportHook(path, () => ctx, { flush: true }),
  )
  return statFingerprint(path) !== before
}

/**
 * Writes `content` as the workspace JSONL in the crash order: staged now, recorded with the dirty
 * mark in `trx`, renamed into place after `trx` commits. Skipped when the file already holds it.
 */
async function stageExport(trx: Kysely<TrackerSchema>, path: string, content: readonly Buffer[], before: Recorded, event: number | null): Promise<void> {
  const hash = sha256(content)
  const base = statFingerprint(path) ?? ''
  if (before.hash === hash && before.stat !== undefined && before.stat === base) {
    if (event !== null && before.event !== event) await recordFingerprint(trx, path, hash, event)
    return
  }
  const staged = stageFile(path, content)
  const stat = staged.tmp ? statFingerprint(staged.tmp) : undefined
  await recordFingerprint(trx, path, hash, event, stat)
  if (staged.tmp)
    await trx
      .insertInto('metadata')
      .values({ key: KEY_PENDING, value: JSON.stringify({ tmp: staged.tmp, base }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ tmp: staged.tmp, base }) }))
      .execute()
  afterCommit(trx, () => staged.commit())
}

/**
 * Under the write lock, before anything reads the file: a command killed between its commit and
 * its rename left the dirty mark and its temp file; the rename is finished now, unless the file
 * changed since (a pull): then the staged export is dropped and the file is treated as changed, so
 * it is imported and the next export carries both. Any other temp file is a write that never
 * committed (no other writer can be mid-transaction while we hold the lock): removed.
 */
export async function finishInterruptedWrite(trx: Kysely<TrackerSchema>, path: string): Promise<Recorded> {
  const before = await recorded(trx)
  const pending = before.pending
  if (pending) {
    if (existsSync(pending.tmp)) {
      try {
        if ((statFingerprint(path) ?? '') === pending.base) renameSync(pending.tmp, path)
        else {
          rmSync(pending.tmp, { force: true })
          await trx.deleteFrom('metadata').where('key', 'in', [KEY_STAT, KEY_HASH, KEY_EVENT]).execute()
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e // its own command renamed it meanwhile
      }
    }
    await trx.deleteFrom('metadata').where('key', '=', KEY_PENDING).execute()
  }
  for (const t of tempFiles(path)) rmSync(t.path, { force: true })
  return pending ? recorded(trx) : before
}

/**
 * A `git pull` that lands while a command is running (after its start-up check, before its write)
 * must not be overwritten by that write's export: import the file first, in the same transaction.
 */
async function absorbExternalChange(trx: Kysely<TrackerSchema>, ctx: TrackerContext, path: string, before: Recorded): Promise<Recorded> {
  const stat = statFingerprint(path)
  if (stat === undefined || before.stat === undefined || stat === before.stat) return before
  const current = readFileSync(path, 'utf8')
  const hash = sha256(current)
  if (hash === before.hash) return before
  await importParsed(trx, { ...ctx, db: trx }, parseJsonl(current, path), { source: 'issues.jsonl (changed during the command)' })
  return { stat, hash }
}

const joinLines = (lines: readonly BeadLine[]): string => (lines.length ? lines.map((l) => l.line).join('\n') + '\n' : '')

export type SyncResult = ImportSummary & { path: string }

/** Waits (up to 1 s) for a live writer's committed temp file to land; true when the file is then the recorded one. */
async function renamedSoon(path: string, before: Recorded): Promise<boolean> {
  const pending = before.pending
  if (!pending || !existsSync(pending.tmp) || statFingerprint(path) !== pending.base) return false
  for (let waited = 0; waited < 1000; waited += 10) {
    await new Promise((r) => setTimeout(r, 10))
    if (statFingerprint(path) === before.stat) return true
    if (!existsSync(pending.tmp) || orphanedTempFiles(path).some((t) => t.path === pending.tmp)) break
  }
  return statFingerprint(path) === before.stat
}

/**
 * Before a command: when the JSONL differs from what this database last wrote or imported, import
 * it. Absence is not deletion: a bead missing from the file (an older checkout, a branch that never
 * had it) stays, and returns to the file with the next export; only tombstones delete. Hot path: one
 * stat and one indexed read when nothing changed. The decision is re-made under the write lock
 * (after finishing a write a killed command left), so a concurrent writer's fresh export is never
 * mistaken for a pull. Imports do not re-export (no loop, and a checkout's file stays as git wrote
 * it), except a file holding one id twice: it is rewritten canonical so duplicates never persist.
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
    const orphans = orphanedTempFiles(path).length > 0 // a killed command's write: finished under the lock below
    if (before.stat === stat && !orphans) return undefined
    // A live writer between its commit and its rename: the file it staged is ours, not a pull.
    if (!orphans && (await renamedSoon(path, before))) return undefined
    const content = readFileSync(path, 'utf8')
    const hash = sha256(content)
    const unchanged = hash === before.hash || (!before.hash && content.trim() === '')
    // A merge whose result is byte for byte our file can still have set conflicting values aside.
    if (!orphans && unchanged && !pendingConflicts(dirname(dirname(path))).conflicts.length) {
      // Same bytes (a checkout or touch moved the mtime): remember the new stat so the next command skips the hash.
      await recordFingerprint(ctx.db, path, hash).catch(() => undefined)
      return undefined
    }
  } else if (!existsSync(path)) {
    throw new DomainError('NOT_FOUND', `${path} does not exist`, { hint: 'Run `bd export -o .beads/issues.jsonl` to write it from the database.' })
  }
  if (options.dryRun) {
    return { ...(await importJsonl(ctx, readFileSync(path, 'utf8'), { dryRun: true, source: path })), path }
  }
  return writeTransaction(ctx.db, async (trx) => {
    const now = await finishInterruptedWrite(trx, path)
    if (!existsSync(path) || (now.stat === statFingerprint(path) && !options.force)) return undefined
    const current = readFileSync(path, 'utf8')
    const currentHash = sha256(current)
    if (currentHash === now.hash && !options.force) {
      await recordFingerprint(trx, path, currentHash)
      await recordMergeConflicts(trx, ctx, dirname(dirname(path)))
      return undefined
    }
    const parsed = parseJsonl(current, path)
    const summary = await importParsed(trx, ctx, parsed, { source: 'issues.jsonl (sync)', onProgress: options.onProgress })
    await recordMergeConflicts(trx, ctx, dirname(dirname(path)))
    // The file is what git made, not our export (dropped edges…): the next export is a full one.
    await recordFingerprint(trx, path, currentHash, null)
    if (new Set(parsed.records.map((r) => r.bead.id)).size < parsed.records.length) {
      const lines = await beadLines(trx)
      await rememberLines(trx, lines)
      await stageExport(trx, path, [Buffer.from(joinLines(lines))], await recorded(trx), await lastEvent(trx))
      summary.warnings.push(`${path} held duplicate ids: rewritten with one line per bead`)
    }
    return { ...summary, path }
  })
}

/** Values the merge driver set aside in the git folder (a clone merged before it had a database): recorded, then forgotten. */
async function recordMergeConflicts(trx: Kysely<TrackerSchema>, ctx: TrackerContext, root: string): Promise<void> {
  const { conflicts, clear } = pendingConflicts(root)
  if (!conflicts.length) return
  await conflictRows(trx, ctx, conflicts)
  afterCommit(trx, clear)
}

/** Both sides of a merge changed one field: an event on the bead keeps the value that lost (old_value). */
async function conflictRows(trx: Kysely<TrackerSchema>, ctx: TrackerContext, conflicts: readonly FieldConflict[]): Promise<void> {
  const at = (ctx.now?.() ?? new Date()).toISOString()
  const rows = conflicts.map((c) => ({
    issue_id: c.id,
    event_type: 'updated' as const,
    actor: ctx.actor(),
    old_value: c.other,
    new_value: c.kept,
    created_at: at,
    comment: `git merge: both sides changed ${c.field}; kept the later side's value, the other side's is old_value`,
  }))
  if (rows.length) await trx.insertInto('events').values(rows).execute()
}

export const conflictEvents = (ctx: TrackerContext, conflicts: readonly FieldConflict[]): Promise<void> =>
  writeTransaction(ctx.db, (trx) => conflictRows(trx, ctx, conflicts))

/**
 * `bd export -o FILE`: writes the export atomically. When FILE is the workspace's own JSONL, the
 * write happens under the lock and its fingerprint is recorded, as after any mutation.
 */
export async function writeJsonlFile(ctx: TrackerContext, file: string, workspaceJsonl?: string): Promise<number> {
  const target = resolve(file)
  if (workspaceJsonl && target === resolve(workspaceJsonl)) {
    return writeTransaction(ctx.db, async (trx) => {
      await finishInterruptedWrite(trx, target)
      await trx.deleteFrom('metadata').where('key', '=', KEY_DIRTY).execute()
      const lines = await beadLines(trx)
      await rememberLines(trx, lines)
      await stageExport(trx, target, [Buffer.from(joinLines(lines))], {}, await lastEvent(trx))
      return lines.length
    })
  }
  const lines = await beadLines(ctx.db)
  writeOutputFile(target, joinLines(lines))
  return lines.length
}
