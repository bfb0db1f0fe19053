import { DomainError } from '../errors.js'

/** Where a PostgreSQL workspace lives: a database URL without its `schema` parameter, and that schema. */
export interface PostgresTarget {
  /** What node-postgres connects with (password included only when the caller's URL had one). */
  connectionString: string
  /** The URL as it may be written down: no password. */
  shown: string
  schema: string
  host: string
  port: string
  database: string
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Parses `postgres://user@host:port/db?schema=NAME`. Host and port fall back as libpq's do (PGHOST,
 * PGPORT, localhost, 5432); a unix socket folder may be given as `?host=/path`. The default schema
 * is `public`.
 */
export function parseDatabaseUrl(input: string, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw badUrl(input)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw badUrl(input)
  const schema = url.searchParams.get('schema') ?? 'public'
  if (!SCHEMA.test(schema)) {
    throw new DomainError('INVALID_VALUE', `invalid schema name ${JSON.stringify(schema)}`, {
      hint: 'Use lower-case letters, digits and _ (starting with a letter or _), e.g. ?schema=team_api.',
    })
  }
  url.searchParams.delete('schema')
  const host = url.searchParams.get('host') ?? (decodeURIComponent(url.hostname) || env.PGHOST || 'localhost')
  const port = url.searchParams.get('port') ?? (url.port || env.PGPORT || '5432')
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || env.PGDATABASE || decodeURIComponent(url.username) || env.PGUSER || 'postgres'
  const connectionString = url.toString()
  url.password = ''
  const shown = withSchema(url.toString(), schema)
  return { connectionString, shown, schema, host, port, database }
}

/** The URL to record: no password, the schema parameter kept. */
const withSchema = (url: string, schema: string): string => (schema === 'public' ? url : `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`)

function badUrl(input: string): DomainError {
  // The value is shown without anything that could be a password.
  const safe = input.replace(/\/\/([^/@]*)@/, (_, auth: string) => `//${auth.split(':')[0]}@`)
  return new DomainError('INVALID_VALUE', `invalid database URL ${JSON.stringify(safe)}`, {
    hint: 'Use postgres://USER@HOST:PORT/DATABASE?schema=NAME (the password comes from PGPASSWORD or ~/.pgpass).',
  })
}
