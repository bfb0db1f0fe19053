import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import { writeTransaction } from '../storage/write-transaction.js'
import type { TrackerContext } from './context.js'
import { exportJsonl, sha256 } from './jsonl/export.js'
import { conflictMarkerLines, parseJsonl } from './jsonl/format.js'
import { exportHook, finishInterruptedWrite, KEY_EVENT, recorded } from './jsonl/sync.js'
import { tempFiles } from './jsonl/output-file.js'
import { findCycles } from './graph.js'
import { trackerMigrations } from './migrations.js'
import { refreshReadiness } from './readiness.js'
import type { TrackerSchema } from './schema.js'

export type CheckStatus = 'ok' | 'warning' | 'error'

export interface DoctorCheck {
  name: string
  status: CheckStatus
  message: string
  /** What to run or do about it. */
  fix?: string
}

export interface DoctorReport {
  ok: boolean
  checks: DoctorCheck[]
  /** Repairs made with --fix. */
  fixed: string[]
}

class Rollback extends Error {}

/** Beads whose stored readiness differs from a fresh computation (checked in a rolled-back transaction, or fixed). */
async function staleReadiness(db: Kysely<TrackerSchema>, fix: boolean): Promise<number> {
  let changed = 0
  try {
    await writeTransaction(db, async (trx) => {
      const ids = (await trx.selectFrom('issues').select('id').execute()).map((r) => r.id)
      changed = await refreshReadiness(trx, ids)
      if (!fix) throw new Rollback()
    })
  } catch (e) {
    if (!(e instanceof Rollback)) throw e
  }
  return changed
}

/**
 * `bd doctor`: database integrity, foreign keys, schema version, WAL mode, stored readiness, and
 * whether `.beads/issues.jsonl` matches the database. With `fix`: recomputes readiness and
 * re-exports the JSONL (only when the JSONL has no unimported changes, which would be lost).
 */
export async function runDoctor(ctx: TrackerContext, where: { dbPath: string; jsonlPath?: string }, options: { fix?: boolean } = {}): Promise<DoctorReport> {
  const db = ctx.db
  const checks: DoctorCheck[] = []
  const fixed: string[] = []
  const add = (name: string, status: CheckStatus, message: string, fix?: string) => checks.push({ name, status, message, ...(fix ? { fix } : {}) })

  // PostgreSQL keeps its own integrity and has no WAL file or JSONL here: the graph checks apply.
  if (dialectOf(db).kind === 'postgres') return postgresDoctor(db, options.fix ?? false)

  const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)
  const problems = integrity.rows.map((r) => Object.values(r)[0] as string).filter((v) => v !== 'ok')
  if (problems.length === 0) add('integrity', 'ok', 'SQLite integrity check passed')
  else
    add(
      'integrity',
      'error',
      `integrity check failed: ${problems.slice(0, 3).join('; ')}`,
      'Move .beads/beads.db aside and run `bd init --force` (the beads are re-imported from issues.jsonl).',
    )

  const fk = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(db)
  if (fk.rows.length === 0) add('foreign_keys', 'ok', 'every label, comment and edge belongs to a bead (edge targets may dangle: kept, never blocking)')
  else
    add(
      'foreign_keys',
      'error',
      `${fk.rows.length} rows point at beads that do not exist`,
      'Run `bd export -o backup.jsonl`, move .beads/beads.db aside, `bd init --force`, then `bd import -i backup.jsonl`.',
    )

  const version = Number((await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0]?.user_version ?? 0)
  if (version === trackerMigrations.length) add('schema', 'ok', `schema version ${version} (current)`)
  else if (version > trackerMigrations.length)
    add('schema', 'error', `schema version ${version} is newer than this bd understands (${trackerMigrations.length})`, 'Upgrade bd.')
  else add('schema', 'warning', `schema version ${version}, current is ${trackerMigrations.length}`, 'Run any bd command: migrations apply on open.')

  const mode = String(Object.values((await sql`PRAGMA journal_mode`.execute(db)).rows[0] ?? {})[0] ?? '')
  if (mode === 'wal' || where.dbPath === ':memory:') add('journal', 'ok', `journal mode ${mode}`)
  else
    add(
      'journal',
      'warning',
      `journal mode is ${mode}, not wal: concurrent agents will wait on each other`,
      'Run any bd command that writes (bd opens the database in WAL mode).',
    )

  await graphChecks(db, options.fix ?? false, add, fixed)

  if (!where.jsonlPath) {
    add('jsonl', 'warning', 'no .beads folder: this database is not synced through git', 'Use a workspace made by `bd init` to share beads through git.')
  } else if (!existsSync(where.jsonlPath)) {
    add('jsonl', 'warning', `${where.jsonlPath} is missing`, 'Run `bd doctor --fix` (or any bd command that writes) to write it.')
    if (options.fix) {
      await writeTransaction(db, (trx) => exportHook(where.jsonlPath!, undefined, { flush: true })(trx))
      fixed.push('wrote issues.jsonl')
    }
  } else {
    await interruptedWrites(db, where.jsonlPath, options.fix ?? false, add, fixed)
    const content = readFileSync(where.jsonlPath, 'utf8')
    const markers = conflictMarkerLines(content)
    const rec = await recorded(db)
    const hash = sha256(content)
    let parsedOk = true
    if (markers.length) {
      parsedOk = false
      add(
        'jsonl',
        'error',
        `merge-conflict markers at lines ${markers.join(', ')}`,
        "Resolve the conflict in .beads/issues.jsonl (keep both sides' lines, drop the markers); the next bd command imports it.",
      )
    } else {
      try {
        const ids = parseJsonl(content, where.jsonlPath).records.map((r) => r.bead.id)
        const dup = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
        if (dup.length)
          add(
            'duplicates',
            'error',
            `issues.jsonl has ${dup.length} id${dup.length > 1 ? 's' : ''} on more than one line: ${dup.slice(0, 5).join(', ')}${dup.length > 5 ? ' …' : ''}`,
            'Run `bd import` (it keeps the later line of each and rewrites the file with one line per id), then commit it.',
          )
      } catch (e) {
        parsedOk = false
        add('jsonl', 'error', (e as Error).message, 'Fix that line (or `git checkout .beads/issues.jsonl`); the next bd command imports it.')
      }
    }
    if (parsedOk) {
      const fresh = await exportJsonl(db)
      if (fresh === content) add('jsonl', 'ok', 'issues.jsonl matches the database')
      else if (rec.dirty && hash === rec.hash && !options.fix)
        add(
          'jsonl',
          'ok',
          "issues.jsonl waits for the next commit: a large workspace's writes are flushed by bd's pre-commit hook",
          'To write it now: `bd doctor --fix` or `bd export -o .beads/issues.jsonl`.',
        )
      else if (hash !== rec.hash)
        add(
          'jsonl',
          'warning',
          'issues.jsonl changed since bd last wrote or imported it (a pull or a merge)',
          'Run any bd command (it imports the file first) or `bd import`.',
        )
      else if (options.fix) {
        await writeTransaction(db, async (trx) => {
          await trx.deleteFrom('metadata').where('key', '=', KEY_EVENT).execute() // force a full export
          await exportHook(where.jsonlPath!, undefined, { flush: true })(trx)
        })
        add('jsonl', 'ok', 'rewrote issues.jsonl from the database')
        fixed.push('re-exported issues.jsonl')
      } else add('jsonl', 'warning', 'issues.jsonl does not match the database (an export was missed)', 'Run `bd doctor --fix` to re-export it.')
    }
    const attributes = join(dirname(dirname(where.jsonlPath)), '.gitattributes')
    const attrs = existsSync(attributes) ? readFileSync(attributes, 'utf8') : ''
    if (/^\.beads\/issues\.jsonl\s+.*merge=beads\b/m.test(attrs)) add('gitattributes', 'ok', '.gitattributes merges issues.jsonl with bd merge-driver')
    else if (/^\.beads\/issues\.jsonl\s+.*merge=union\b/m.test(attrs))
      add(
        'gitattributes',
        'warning',
        '.gitattributes merges issues.jsonl with merge=union: a claim and a label made on two sides lose one of them',
        'Run `bd init --force` (switches it to bd merge-driver).',
      )
    else
      add(
        'gitattributes',
        'warning',
        'no merge driver for .beads/issues.jsonl in .gitattributes: parallel edits will conflict',
        'Run `bd init --force` (sets .beads/issues.jsonl merge=beads and the driver in .git/config).',
      )
  }
  return { ok: checks.every((c) => c.status !== 'error'), checks, fixed }
}

type Add = (name: string, status: CheckStatus, message: string, fix?: string) => void

/** Stored readiness and cycles: what both backends check. */
async function graphChecks(db: Kysely<TrackerSchema>, fix: boolean, add: Add, fixed: string[]): Promise<void> {
  const stale = await staleReadiness(db, fix)
  if (stale === 0) add('readiness', 'ok', 'stored readiness matches the dependency graph')
  else if (fix) {
    add('readiness', 'ok', `recomputed readiness of ${stale} beads`)
    fixed.push(`readiness of ${stale} beads`)
  } else add('readiness', 'warning', `${stale} beads have stale readiness (ready/blocked may be wrong)`, 'Run `bd doctor --fix`.')

  const cycles = await findCycles(db)
  if (cycles.length === 0) add('cycles', 'ok', 'no dependency cycles')
  else
    add(
      'cycles',
      'warning',
      `${cycles.length} dependency cycle${cycles.length > 1 ? 's' : ''}: ${cycles
        .slice(0, 3)
        .map((c) => [...c, c[0]].join(' → '))
        .join('; ')} (these beads never become ready)`,
      'Remove one edge of each with `bd dep remove <id> <depends-on>`.',
    )
}

async function postgresDoctor(db: Kysely<TrackerSchema>, fix: boolean): Promise<DoctorReport> {
  const checks: DoctorCheck[] = []
  const fixed: string[] = []
  const add: Add = (name, status, message, hint) => checks.push({ name, status, message, ...(hint ? { fix: hint } : {}) })
  const version = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations`.execute(db)).rows[0]?.n ?? 0)
  if (version === trackerMigrations.length) add('schema', 'ok', `schema version ${version} (current)`)
  else if (version > trackerMigrations.length)
    add('schema', 'error', `schema version ${version} is newer than this bd understands (${trackerMigrations.length})`, 'Upgrade bd.')
  else add('schema', 'warning', `schema version ${version}, current is ${trackerMigrations.length}`, 'Run any bd command: migrations apply on open.')
  await graphChecks(db, fix, add, fixed)
  add(
    'jsonl',
    'ok',
    'PostgreSQL workspace: the database is what clones share (no per-write JSONL)',
    'To keep a copy in git: `bd export -o .beads/issues.jsonl` when you commit.',
  )
  return { ok: checks.every((c) => c.status !== 'error'), checks, fixed }
}

/**
 * Temp files beside the JSONL and an unfinished dirty mark: what a killed command leaves. Any
 * command finishes them; `--fix` does it now, under the write lock (finishInterruptedWrite).
 */
async function interruptedWrites(
  db: Kysely<TrackerSchema>,
  jsonlPath: string,
  fix: boolean,
  add: (name: string, status: CheckStatus, message: string, fix?: string) => void,
  fixed: string[],
): Promise<void> {
  const temps = tempFiles(jsonlPath)
  const pending = (await recorded(db)).pending
  const unfinished = pending !== undefined && existsSync(pending.tmp)
  if (temps.length === 0) {
    add('temp_files', 'ok', 'no temp files or unfinished writes beside issues.jsonl')
    return
  }
  const what = `${temps.length} temp file${temps.length > 1 ? 's' : ''} beside issues.jsonl (${temps.map((t) => basename(t.path)).join(', ')})${unfinished ? ', one of them a committed write whose rename a killed command never did' : ''}`
  if (!fix) {
    add('temp_files', 'warning', what, 'Run `bd doctor --fix` (or any bd command): the committed write is finished, the rest removed.')
    return
  }
  await writeTransaction(db, (trx) => finishInterruptedWrite(trx, jsonlPath))
  add('temp_files', 'ok', `finished or removed ${what}`)
  fixed.push(`removed ${temps.length} temp file${temps.length > 1 ? 's' : ''}`)
}
