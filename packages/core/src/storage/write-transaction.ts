import { type Kysely, sql } from 'kysely'
import { DomainError } from '../errors.js'
import { writeLockHolder } from './lock-holder.js'

/** How long a writer keeps asking for the write lock before it gives up and names the holder. */
const WRITE_LOCK_PATIENCE_MS = Number(process.env.BEADS_LOCK_PATIENCE_MS) || 120_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const isBusy = (e: unknown) => /^SQLITE_BUSY/.test((e as { code?: string })?.code ?? '')

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT` on one pinned connection.
 *
 * Kysely's own `transaction()` issues a deferred BEGIN: a read-then-write transaction then upgrades
 * its lock mid-way and fails SQLITE_BUSY under concurrent writers (52% measured with 4 writers).
 * Taking the write lock up front makes concurrent writers queue on busy_timeout instead. SQLite's
 * busy handler is not fair, though: under 40 writers on 2 cores a waiter could lose every round
 * for the whole 10 s timeout (8 of 345 ops failed "database is locked"). Nothing has been done
 * when BEGIN fails, so it is simply asked again, with jitter, until WRITE_LOCK_PATIENCE_MS; a lock
 * held that long is stuck, and the error names the process holding it.
 * Every multi-statement write in core goes through here.
 */
export async function writeTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn)
    const committed: Array<() => void> = []
    commitActions.set(conn, committed)
    try {
      const result = await fn(conn)
      await sql`COMMIT`.execute(conn)
      commitActions.delete(conn)
      for (const action of committed) action()
      return result
    } catch (e) {
      commitActions.delete(conn)
      try {
        await sql`ROLLBACK`.execute(conn)
      } catch {
        // The transaction may already be gone (SQLite rolls back on some errors itself).
      }
      throw e
    }
  })
}

const commitActions = new WeakMap<object, Array<() => void>>()

/**
 * Runs `action` once the transaction `trx` has committed, never if it rolls back: a file that
 * mirrors the database (the JSONL) is put in place only after the change it shows is durable.
 */
export function afterCommit<DB>(trx: Kysely<DB>, action: () => void): void {
  const list = commitActions.get(trx)
  if (!list) throw new Error('afterCommit called outside writeTransaction')
  list.push(action)
}

async function beginImmediate<DB>(conn: Kysely<DB>): Promise<void> {
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
    hint: holder ? `If process ${holder.pid} is hung, stop it (kill ${holder.pid}); nothing was changed.` : 'Another process is holding the write lock; nothing was changed. Try again.',
    fields: holder ? { holder_pid: holder.pid } : undefined,
  })
}
