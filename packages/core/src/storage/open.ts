import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DomainError } from '../errors.js'

export type RawDatabase = Database.Database

export interface OpenOptions {
  readonly?: boolean
  /** ms SQLite itself waits on a locked database before SQLITE_BUSY (default 10 s, BEADS_BUSY_TIMEOUT_MS); write transactions then keep asking. */
  busyTimeoutMs?: number
  /** The hint when the file is not a SQLite database: how this file is rebuilt (default: bd's way). */
  notADatabaseHint?: string
}

/**
 * Opens a SQLite file (or ':memory:') with the pragmas every process must agree on, then wraps the
 * same handle in Kysely. The raw handle stays available for pragmas and the hot prepared statements.
 */
export function openSqlite(path: string, options: OpenOptions = {}): RawDatabase {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true })
  let raw: RawDatabase
  try {
    raw = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false })
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? (Number(process.env.BEADS_BUSY_TIMEOUT_MS) || 10_000)}`)
    if (!options.readonly && path !== ':memory:') raw.pragma('journal_mode = WAL')
    raw.pragma('foreign_keys = ON')
    raw.pragma('synchronous = NORMAL')
  } catch (e) {
    throw databaseError(path, e, options.notADatabaseHint)
  }
  return raw
}

export function kyselyOver<DB>(raw: RawDatabase): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) })
}

const REBUILD_BEADS_DB =
  'The file is not a SQLite database (corrupted or overwritten). Restore it from git with `bd import`, or move it aside and run `bd init --force`.'

export function databaseError(path: string, e: unknown, notADatabaseHint = REBUILD_BEADS_DB): DomainError {
  const message = e instanceof Error ? e.message : String(e)
  const code = (e as { code?: string })?.code ?? ''
  let hint = 'Check the file permissions, or run `bd doctor`.'
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(message)) hint = notADatabaseHint
  if (code === 'SQLITE_READONLY' || /readonly/i.test(message)) hint = 'The database is read-only: check the permissions of the file and its folder.'
  if (code === 'SQLITE_CANTOPEN') hint = 'The database file or its folder cannot be opened: check that the path exists and is writable.'
  return new DomainError('DATABASE', `cannot use database ${path}: ${message}`, { hint })
}
// No ParseJSONResultsPlugin on purpose: it JSON-parses any string that looks like JSON, so a title
// such as "[1,2]" would come back as an array. JSON columns are parsed where they are selected.
