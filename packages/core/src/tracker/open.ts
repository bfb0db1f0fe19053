import { basename, dirname, resolve } from 'node:path'
import { sql } from 'kysely'
import { DomainError } from '../errors.js'
import { migrate } from '../storage/migrate.js'
import { databaseError, kyselyOver, openSqlite, type RawDatabase } from '../storage/open.js'
import { lazyActor } from './actor.js'
import type { TrackerContext } from './context.js'
import { prefixFromName, validatePrefix } from './ids.js'
import { trackerMigrations } from './migrations.js'
import type { TrackerSchema } from './schema.js'
import { Tracker } from './tracker.js'
import { type LocateOptions, locateWorkspace, prepareWorkspaceDir, type WorkspaceLocation } from './workspace.js'

export interface TrackerHandle {
  tracker: Tracker
  location: WorkspaceLocation
  raw: RawDatabase
  close(): Promise<void>
}

export interface OpenTrackerOptions extends LocateOptions {
  actor?: string
  /** Hook for JSONL export (issue sync); runs inside each write transaction. */
  afterWrite?: TrackerContext['afterWrite']
}

/** Opens a database file, migrates it under the write lock, and wraps it in a Tracker. */
export async function openTrackerAt(dbPath: string, options: { actor?: string; prefix?: string; env?: NodeJS.ProcessEnv; cwd?: string; afterWrite?: TrackerContext['afterWrite'] } = {}): Promise<Omit<TrackerHandle, 'location'>> {
  const raw = openSqlite(dbPath)
  const db = kyselyOver<TrackerSchema>(raw)
  try {
    await migrate(db, trackerMigrations)
    let prefix = (await db.selectFrom('metadata').select('value').where('key', '=', 'prefix').executeTakeFirst())?.value
    if (!prefix) {
      prefix = options.prefix ?? 'bd'
      await db.insertInto('metadata').values({ key: 'prefix', value: prefix }).onConflict((oc) => oc.doNothing()).execute()
    }
    const tracker = new Tracker({ db, prefix, actor: lazyActor(options.actor, options.env, options.cwd), afterWrite: options.afterWrite })
    const close = async () => {
      // Keeps planner statistics fresh (cheap when nothing changed), so `ready` stays on its index.
      try {
        raw.pragma('optimize')
      } catch {
        // read-only or busy: statistics can wait for the next command
      }
      await db.destroy()
    }
    return { tracker, raw, close }
  } catch (e) {
    await db.destroy().catch(() => undefined)
    if (e instanceof DomainError) throw e
    throw databaseError(dbPath, e)
  }
}

export async function openTracker(options: OpenTrackerOptions = {}): Promise<TrackerHandle> {
  const location = locateWorkspace(options)
  const handle = await openTrackerAt(location.dbPath, options)
  return { ...handle, location }
}

export interface InitResult {
  prefix: string
  beads_dir: string
  database: string
}

/** `bd init`: the folder, its .gitignore, an empty JSONL, and a migrated database with the prefix. */
export async function initWorkspace(dir: string, options: { prefix?: string; force?: boolean } = {}): Promise<InitResult> {
  const prefix = options.prefix ? validatePrefix(options.prefix) : prefixFromName(basename(resolve(dir)))
  const location = prepareWorkspaceDir(dir, options.force ?? false)
  const { tracker, close } = await openTrackerAt(location.dbPath, { prefix })
  try {
    await sql`INSERT INTO metadata (key, value) VALUES ('prefix', ${prefix}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(tracker.db)
  } finally {
    await close()
  }
  return { prefix, beads_dir: location.beadsDir!, database: location.dbPath }
}

export const workspaceRoot = (location: WorkspaceLocation): string | undefined => (location.beadsDir ? dirname(location.beadsDir) : undefined)
