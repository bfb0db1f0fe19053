import { type Expression, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely'
import { beginImmediate } from './sqlite-begin.js'

/**
 * Every difference between the two backends the tracker runs on, in one place. Queries elsewhere
 * are Kysely's dialect-neutral builder or plain SQL both engines read alike; where they are not,
 * they ask `dialectOf(db)` for the piece that differs.
 *
 * Decided once, for both: times are stored as ISO text (compared through time keys, never as
 * `timestamptz`, so node-postgres hands back no `Date`), and booleans as 0/1 integers (the JSONL and
 * the partial `ready` index read them alike). Counts: SQLite returns numbers; on PostgreSQL
 * `count()` is int8, which postgres.ts parses to a number, so callers never see a string. Bind
 * parameters: bulk writes chunk under SQLite's 32,766 (jsonl/import.ts), below PostgreSQL's 65,535,
 * so one set of chunk sizes serves both.
 */
export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres'
  /**
   * Opens a write transaction on a pinned connection. `serialize`: writes that change the graph
   * (edges, statuses, readiness) queue behind each other per workspace — SQLite's database lock
   * does that for every write; PostgreSQL takes a transaction-scoped advisory lock on the
   * workspace's schema. Claims skip it on PostgreSQL: their row locks are enough.
   */
  begin(conn: Kysely<any>, serialize: boolean): Promise<void>
  /** A JSON array (as text) of `column` over the rows of `rows`, ordered by that column. */
  jsonArray(rows: RawBuilder<unknown>, column: string): RawBuilder<string | null>
  /** An aggregate: every row's `values` (of the rows that match `where`) as one JSON array (text) of arrays, in `orderBy` order. */
  rowsAsJson(values: RawBuilder<unknown>, orderBy?: RawBuilder<unknown>, where?: RawBuilder<unknown>): RawBuilder<string>
  /** An aggregate: one value per row (that matches `where`) as a JSON array (text), in `orderBy` order, else in the order rows arrive. */
  columnAsJson(value: RawBuilder<unknown>, orderBy?: RawBuilder<unknown>, where?: RawBuilder<unknown>): RawBuilder<string>
  /** The ids as a one-column relation named `value`, bound as one parameter. */
  idList(ids: readonly string[]): RawBuilder<unknown>
  /** `expr LIKE pattern` folding case (ASCII on SQLite; callers match other letters in JS). */
  likeFolded(expr: Expression<unknown> | RawBuilder<unknown>, pattern: string): RawBuilder<boolean>
  /** The larger of two values (SQLite's scalar MAX). */
  greatest(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number>
  /** Seconds since the epoch of a time stored as text (NULL when unparseable). */
  epochSeconds(expr: RawBuilder<unknown>): RawBuilder<number | null>
  /** `FOR UPDATE SKIP LOCKED` where rows can be locked (PostgreSQL); SQLite's write lock already excludes. */
  readonly skipLocked: boolean
}

/** An aggregate's FILTER clause (both databases have it). */
const filter = (where?: RawBuilder<unknown>) => (where ? sql` FILTER (WHERE ${where})` : sql``)

export const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  begin: (conn) => beginImmediate(conn),
  jsonArray: (rows, column) => sql<string | null>`(SELECT json_group_array(${sql.ref(column)}) FROM (${rows}))`,
  rowsAsJson: (values, orderBy, where) => sql<string>`json_group_array(json_array(${values})${orderBy ? sql` ORDER BY ${orderBy}` : sql``})${filter(where)}`,
  columnAsJson: (value, orderBy, where) => sql<string>`json_group_array(${value}${orderBy ? sql` ORDER BY ${orderBy}` : sql``})${filter(where)}`,
  idList: (ids) => sql`SELECT value FROM json_each(${JSON.stringify(ids)})`,
  likeFolded: (expr, pattern) => sql<boolean>`${expr} LIKE ${pattern} ESCAPE '\\'`,
  greatest: (a, b) => sql<number>`MAX(${a}, ${b})`,
  epochSeconds: (expr) => sql<number | null>`((julianday(${expr}) - 2440587.5) * 86400.0)`,
  skipLocked: false,
}

// Text that PostgreSQL's timestamptz input accepts; anything else is NULL, as julianday() gives.
const PG_TIME = '^\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?\\s*([Zz]|[+-]\\d{2}(:?\\d{2})?)?$'

export const postgresDialect: SqlDialect = {
  kind: 'postgres',
  async begin(conn, serialize) {
    await sql`BEGIN`.execute(conn)
    // One lock id per workspace (its schema), released by COMMIT or ROLLBACK, whatever happens to the client.
    if (serialize) await sql`SELECT pg_advisory_xact_lock(hashtext('beads:' || current_schema()))`.execute(conn)
  },
  jsonArray: (rows, column) => sql<string | null>`(SELECT coalesce(json_agg(j.${sql.ref(column)} ORDER BY j.${sql.ref(column)}), '[]')::text FROM (${rows}) j)`,
  rowsAsJson: (values, orderBy, where) =>
    sql<string>`coalesce(json_agg(json_build_array(${values})${orderBy ? sql` ORDER BY ${orderBy}` : sql``})${filter(where)}, '[]')::text`,
  columnAsJson: (value, orderBy, where) => sql<string>`coalesce(json_agg(${value}${orderBy ? sql` ORDER BY ${orderBy}` : sql``})${filter(where)}, '[]')::text`,
  idList: (ids) => sql`SELECT unnest(CAST(${[...ids]} AS text[])) AS value`,
  likeFolded: (expr, pattern) => sql<boolean>`${expr} ILIKE ${pattern} ESCAPE '\\'`,
  greatest: (a, b) => sql<number>`GREATEST(${a}, ${b})`,
  epochSeconds: (expr) => sql<number | null>`(CASE WHEN ${expr} ~ ${PG_TIME} THEN extract(epoch FROM CAST(${expr} AS timestamptz)) END)`,
  skipLocked: true,
}

/** The dialect a database (or a transaction on it) speaks. */
export const dialectOf = (db: Kysely<any>): SqlDialect => (db.getExecutor().adapter instanceof PostgresAdapter ? postgresDialect : sqliteDialect)
