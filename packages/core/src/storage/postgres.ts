// Loaded only when a workspace is on PostgreSQL (dynamic import): the SQLite path never loads `pg`.
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { DomainError } from '../errors.js'
import type { PostgresTarget } from './postgres-url.js'

const INT8 = 20
const NUMERIC = 1700

/**
 * A Kysely over node-postgres for one workspace: its schema first on the search path (set at
 * connection start, so every statement and transaction sees it), int8 and numeric parsed to
 * numbers (`count()` typing, in one place), one connection per process — a command runs its
 * statements in turn, as on SQLite, and a connection is the expensive part.
 */
export function openPostgres<DB>(target: PostgresTarget, options: { max?: number } = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
    max: options.max ?? 1,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', () => undefined)
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
}

/** Creates the workspace's schema (bd init). */
export async function createSchema(db: Kysely<any>, schema: string): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db)
}

export async function schemaExists(db: Kysely<any>, schema: string): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM pg_namespace WHERE nspname = ${schema}`.execute(db)
  return Number(r.rows[0]?.n) > 0
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', '57P01', '57P03'])

/**
 * A server that cannot be reached or refuses us, as a domain error naming host and port (never the
 * password: the URL kept in config has none, and the message is built from parts, not the URL).
 */
export function postgresError(target: PostgresTarget, e: unknown): unknown {
  if (e instanceof DomainError) return e
  const code = String((e as { code?: string })?.code ?? '')
  const message = e instanceof Error ? e.message : String(e)
  const where = `${target.host}:${target.port}`
  if (UNREACHABLE.has(code) || /timeout expired|Connection terminated/i.test(message)) {
    return new DomainError('UNAVAILABLE', `cannot reach PostgreSQL at ${where} (database ${target.database}): ${code || message}`, {
      hint: 'Start the server or check host and port in .beads/config.yaml (database-url) or BEADS_DATABASE_URL; nothing was changed.',
      fields: { host: target.host, port: target.port },
    })
  }
  if (code === '28P01' || code === '28000' || code === '3D000' || code === '42501') {
    return new DomainError('DATABASE', `PostgreSQL at ${where} refused database ${target.database}: ${message}`, {
      hint:
        code === '3D000'
          ? 'Create the database first (createdb), then run `bd init --database-url …`.'
          : 'Check the user, and the password in PGPASSWORD or ~/.pgpass.',
      fields: { host: target.host, port: target.port },
    })
  }
  return e
}
