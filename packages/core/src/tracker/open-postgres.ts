import { sql } from 'kysely'
import { DomainError } from '../errors.js'
import { migrate } from '../storage/migrate.js'
import { parseDatabaseUrl, type PostgresTarget } from '../storage/postgres-url.js'
import { lazyActor } from './actor.js'
import { trackerMigrations } from './migrations.js'
import type { TrackerSchema } from './schema.js'
import { Tracker } from './tracker.js'

export interface PostgresTracker {
  tracker: Tracker
  target: PostgresTarget
  /** The schema held a workspace before this open (bd init then needs --force). */
  existed: boolean
  close(): Promise<void>
}

/**
 * A tracker on a workspace's PostgreSQL schema. `create` (bd init) makes the schema; otherwise a
 * schema that is not there is NO_WORKSPACE. Migrations run once, under the workspace's advisory
 * lock. No JSONL is written per write here: the database is what every clone shares.
 */
export async function openPostgresTracker(
  url: string,
  options: { actor?: string; env?: NodeJS.ProcessEnv; cwd?: string; prefix?: string; create?: boolean } = {},
): Promise<PostgresTracker> {
  const target = parseDatabaseUrl(url, options.env)
  const { createSchema, openPostgres, postgresError, schemaExists } = await import('../storage/postgres.js')
  const db = openPostgres<TrackerSchema>(target)
  try {
    if (options.create) await createSchema(db, target.schema)
    else if (!(await schemaExists(db, target.schema))) {
      throw new DomainError('NO_WORKSPACE', `no beads workspace in schema ${target.schema} of ${target.database} at ${target.host}:${target.port}`, {
        hint: `Run \`bd init --database-url ${target.shown}\` once to create it.`,
      })
    }
    await migrate(db, trackerMigrations)
    let prefix = (await db.selectFrom('metadata').select('value').where('key', '=', 'prefix').executeTakeFirst())?.value
    const existed = prefix !== undefined
    // A workspace keeps its prefix: only a new one takes the caller's (config.yaml, or bd init's).
    if (!prefix) {
      prefix = options.prefix ?? prefix ?? 'bd'
      await sql`INSERT INTO metadata (key, value) VALUES ('prefix', ${prefix}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db)
    }
    const tracker = new Tracker({ db, prefix, actor: lazyActor(options.actor, options.env, options.cwd) })
    return { tracker, target, existed, close: () => db.destroy() }
  } catch (e) {
    await db.destroy().catch(() => undefined)
    throw postgresError(target, e)
  }
}
