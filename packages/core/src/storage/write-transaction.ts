import { type Kysely, sql } from 'kysely'
import { dialectOf } from './dialect.js'

/**
 * Runs `fn` inside one write transaction on a pinned connection: on SQLite `BEGIN IMMEDIATE … COMMIT`,
 * on PostgreSQL `BEGIN` plus the workspace's advisory lock unless `serialize` is false (dialect.ts).
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
export async function writeTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>, options: { serialize?: boolean } = {}): Promise<T> {
  const dialect = dialectOf(db)
  return db.connection().execute(async (conn) => {
    await dialect.begin(conn, options.serialize ?? true)
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
