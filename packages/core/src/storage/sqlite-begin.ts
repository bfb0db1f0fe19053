import { type Kysely, sql } from 'kysely'
import { DomainError } from '../errors.js'
import { writeLockHolder } from './lock-holder.js'

/** How long a writer keeps asking for the write lock before it gives up and names the holder. */
const WRITE_LOCK_PATIENCE_MS = Number(process.env.BEADS_LOCK_PATIENCE_MS) || 120_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const isBusy = (e: unknown) => /^SQLITE_BUSY/.test((e as { code?: string })?.code ?? '')

/**
 * SQLite's write-lock start: `BEGIN IMMEDIATE`, asked again with jitter while the database is busy
 * (see writeTransaction for why), until the patience runs out and the error names the holder.
 */
export async function beginImmediate<DB>(conn: Kysely<DB>): Promise<void> {
  const started = Date.now()
  for (;;) {
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn)
      return
    } catch (e) {
      if (!isBusy(e)) throw e
      if (Date.now() - started >= WRITE_LOCK_PATIENCE_MS) throw await stuckLock(conn, Date.now() - started)
      await sleep(5 + Math.random() * 50)
    }
  }
}

async function stuckLock<DB>(conn: Kysely<DB>, waitedMs: number): Promise<DomainError> {
  const file = (await sql<{ file: string }>`PRAGMA database_list`.execute(conn)).rows[0]?.file ?? ''
  const holder = file ? writeLockHolder(file) : undefined
  const who = holder ? ` by process ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : ''
  return new DomainError('BUSY', `database ${file || '(in memory)'} has been locked${who} for ${Math.round(waitedMs / 1000)} s`, {
    hint: holder
      ? `If process ${holder.pid} is hung, stop it (kill ${holder.pid}); nothing was changed.`
      : 'Another process is holding the write lock; nothing was changed. Try again.',
    fields: holder ? { holder_pid: holder.pid } : undefined,
  })
}
