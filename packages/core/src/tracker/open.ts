import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { type Kysely, sql } from 'kysely'
import { setConfig } from '../adapters/git/repo.js'
import { DomainError } from '../errors.js'
import { migrate } from '../storage/migrate.js'
import type { RawDatabase } from '../storage/open.js'
import { lazyActor } from './actor.js'
import type { TrackerContext } from './context.js'
import { commonPrefix, prefixFromName, validatePrefix } from './ids.js'
import { trackerMigrations } from './migrations.js'
import type { TrackerSchema } from './schema.js'
import { KEY_HOOK, recorded, statFingerprint } from './jsonl/fingerprint.js'
import { installHooks } from './jsonl/hooks.js'
import { orphanedTempFiles } from './jsonl/output-file.js'
import { gitDirOf } from './jsonl/merge-log.js'
import type { SyncResult } from './jsonl/sync.js'
import { CONFIG_FILE, configuredDatabaseUrl, writeConfigLine } from './backend.js'
import { Tracker } from './tracker.js'
import { JSONL_FILE, type LocateOptions, ensureGitignore, locateWorkspace, prepareWorkspaceDir, type WorkspaceLocation } from './workspace.js'

export interface TrackerHandle {
  tracker: Tracker
  location: WorkspaceLocation
  /** The SQLite handle (absent on PostgreSQL). */
  raw?: RawDatabase
  /** The workspace's PostgreSQL, as it may be shown (no password); absent on SQLite. */
  databaseUrl?: string
  /** `.beads/issues.jsonl`, kept in step with the database (absent for a bare `--db` file). */
  jsonlPath?: string
  /** What the import-before-command brought in, when the JSONL had changed (a pull, a merge). */
  synced?: SyncResult
  close(): Promise<void>
}

export interface OpenTrackerOptions extends LocateOptions {
  actor?: string
  /** Hook run inside each write transaction; default: re-export `.beads/issues.jsonl`. */
  afterWrite?: TrackerContext['afterWrite']
  /** Import the JSONL first when it changed since this database last wrote or imported it (default true). */
  autoImport?: boolean
  /** How git should run bd (e.g. `'/usr/bin/node' '/…/bd.js'`): a fresh clone's first command configures the merge driver. */
  bdCommand?: string
}

/** Opens a database file, migrates it under the write lock, and wraps it in a Tracker. */
export async function openTrackerAt(
  dbPath: string,
  options: { actor?: string; prefix?: string; env?: NodeJS.ProcessEnv; cwd?: string; afterWrite?: TrackerContext['afterWrite'] } = {},
): Promise<Omit<TrackerHandle, 'location'>> {
  // Loaded here, not at start-up: a workspace on PostgreSQL never loads better-sqlite3 (its native
  // addon's lookup cost ≈ 50 ms a command on a loaded machine).
  const { databaseError, kyselyOver, openSqlite } = await import('../storage/open.js')
  const raw = openSqlite(dbPath)
  const db = kyselyOver<TrackerSchema>(raw)
  try {
    await migrate(db, trackerMigrations)
    let prefix = (await db.selectFrom('metadata').select('value').where('key', '=', 'prefix').executeTakeFirst())?.value
    if (!prefix) {
      prefix = options.prefix ?? 'bd'
      await db
        .insertInto('metadata')
        .values({ key: 'prefix', value: prefix })
        .onConflict((oc) => oc.doNothing())
        .execute()
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
  const env = options.env ?? process.env
  // A database file named outright (--db, BEADS_DB) is SQLite whatever the config says.
  const url = options.db || env.BEADS_DB ? undefined : configuredDatabaseUrl(location.beadsDir, env)
  if (url) {
    const { openPostgresTracker } = await import('./open-postgres.js')
    const { tracker, target, close } = await openPostgresTracker(url, {
      ...options,
      prefix: location.beadsDir ? configuredPrefix(location.beadsDir) : undefined,
    })
    return { tracker, location, databaseUrl: target.shown, close }
  }
  const jsonlPath = location.beadsDir ? join(location.beadsDir, JSONL_FILE) : undefined
  // A fresh clone has the JSONL but no database yet: create it with the prefix the beads already use.
  const fresh = jsonlPath !== undefined && !existsSync(location.dbPath)
  const prefix = fresh ? inferPrefix(jsonlPath, location.beadsDir!) : undefined
  // The database about to be created must not show up as untracked in git.
  if (fresh) ensureGitignore(location.beadsDir!)
  if (fresh && options.bdCommand) configureMergeDriver(dirname(location.beadsDir!), options.bdCommand)
  const hooks = fresh && options.bdCommand ? installHooks(dirname(location.beadsDir!), options.bdCommand) : undefined
  let ctx: TrackerContext | undefined
  const handle = await openTrackerAt(location.dbPath, {
    ...options,
    prefix,
    afterWrite: options.afterWrite ?? (jsonlPath ? lazyExportHook(jsonlPath, () => ctx) : undefined),
  })
  ctx = handle.tracker.ctx
  if (hooks?.preCommit) await rememberHook(handle.tracker.db, hooks.preCommit)
  let synced: SyncResult | undefined
  if (jsonlPath && options.autoImport !== false) {
    try {
      synced = await importIfChanged(handle.tracker.ctx, jsonlPath)
    } catch (e) {
      await handle.close()
      throw e
    }
  }
  return { ...handle, location, jsonlPath, synced }
}

/**
 * The hot path: one stat, one small readdir and one indexed read; the import machinery loads only
 * when the file changed or a killed command left a temp file (its write is finished or dropped).
 */
async function importIfChanged(ctx: TrackerContext, path: string): Promise<SyncResult | undefined> {
  const stat = statFingerprint(path)
  if (stat === undefined || ((await recorded(ctx.db)).stat === stat && orphanedTempFiles(path).length === 0)) return undefined
  const { syncFromJsonl } = await import('./jsonl/sync.js')
  return syncFromJsonl(ctx, path)
}

/** Re-exports the JSONL after each write; its modules load on the first write, not at start-up. */
const lazyExportHook =
  (path: string, ctx: () => TrackerContext | undefined): NonNullable<TrackerContext['afterWrite']> =>
  async (trx) =>
    (await import('./jsonl/sync.js')).exportHook(path, ctx)(trx)

/**
 * A fresh clone's prefix: `.beads/config.yaml` (`issue-prefix:`, as beads writes it), else the prefix
 * most ids in the JSONL share, over the whole file and whatever its spacing (ids.ts commonPrefix),
 * else the repository folder's name.
 */
export function inferPrefix(jsonlPath: string, beadsDir: string): string {
  const configured = configuredPrefix(beadsDir)
  if (configured) return configured
  let ids: string[] = []
  try {
    ids = [...readFileSync(jsonlPath, 'utf8').matchAll(/^\s*\{\s*"id"\s*:\s*"([^"\\]+)"/gm)].map((m) => m[1]!)
  } catch {
    // no JSONL: fall back to the folder name
  }
  return commonPrefix(ids) ?? prefixFromName(basename(dirname(resolve(beadsDir))))
}

/** `issue-prefix:` in `.beads/config.yaml` (beads' own key), if set. */
function configuredPrefix(beadsDir: string): string | undefined {
  try {
    return /^issue-prefix:\s*["']?([a-z0-9][a-z0-9_-]*)["']?\s*$/im.exec(readFileSync(join(beadsDir, CONFIG_FILE), 'utf8'))?.[1]?.toLowerCase()
  } catch {
    return undefined // no config file
  }
}

export interface InitResult {
  prefix: string
  beads_dir: string
  database: string
  /** Git hooks someone else wrote, left alone (bd's would keep a large JSONL current at commit). */
  hooks_not_installed?: string[]
  /** Beads imported from a JSONL the folder already had (a fresh clone). */
  imported?: number
}

/**
 * `bd init`: the folder, its .gitignore, the JSONL (kept if a clone brought one, and imported), a
 * migrated database with the prefix, a `.gitattributes` line and the git config that make git merge
 * the JSONL with bd's merge driver.
 */
export async function initWorkspace(
  dir: string,
  options: { prefix?: string; force?: boolean; bdCommand?: string; databaseUrl?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<InitResult> {
  const root = resolve(dir)
  const existingJsonl = join(root, '.beads', JSONL_FILE)
  // A clone keeps the prefix its repository already uses (config.yaml or the ids in the JSONL).
  const prefix = options.prefix ? validatePrefix(options.prefix) : inferPrefix(existingJsonl, join(root, '.beads'))
  // A clone whose config already names a server joins that workspace rather than starting a local one.
  const databaseUrl = options.databaseUrl ?? configuredDatabaseUrl(join(root, '.beads'), options.env)
  if (databaseUrl) {
    const { initPostgresWorkspace } = await import('./init-postgres.js')
    return initPostgresWorkspace(root, databaseUrl, { prefix, force: options.force ?? false, env: options.env })
  }
  const location = prepareWorkspaceDir(dir, options.force ?? false)
  const jsonlPath = join(location.beadsDir!, JSONL_FILE)
  const { exportHook, syncFromJsonl } = await import('./jsonl/sync.js')
  const { tracker, close } = await openTrackerAt(location.dbPath, { prefix, afterWrite: exportHook(jsonlPath) })
  const hooks = options.bdCommand ? installHooks(root, options.bdCommand) : undefined
  let imported: number | undefined
  try {
    await sql`INSERT INTO metadata (key, value) VALUES ('prefix', ${prefix}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(tracker.db)
    if (hooks?.preCommit) await rememberHook(tracker.db, hooks.preCommit)
    const synced = await syncFromJsonl(tracker.ctx, jsonlPath)
    if (synced) imported = synced.created + synced.updated
  } finally {
    await close()
  }
  ensureGitattributes(root)
  if (options.bdCommand) configureMergeDriver(root, options.bdCommand)
  writeConfigLine(location.beadsDir!, 'issue-prefix', prefix)
  return {
    prefix,
    beads_dir: location.beadsDir!,
    database: location.dbPath,
    ...(imported !== undefined ? { imported } : {}),
    ...(hooks?.foreign.length ? { hooks_not_installed: hooks.foreign } : {}),
  }
}

const GITATTRIBUTES_LINE = '.beads/issues.jsonl merge=beads'

/**
 * `.gitattributes` names bd's merge driver for the JSONL (jsonl/merge.ts: per bead, per field). An
 * existing `merge=union` line (what bd wrote before) is switched over; any other driver a user
 * chose is left alone.
 */
export function ensureGitattributes(root: string): void {
  const path = join(root, '.gitattributes')
  if (existsSync(path) && !lstatSync(path).isFile()) return
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const ours = (l: string) => l.trim().startsWith('.beads/issues.jsonl ') && /merge=/.test(l)
  const lines = current.split('\n')
  const at = lines.findIndex(ours)
  if (at >= 0) {
    if (!/merge=union\b/.test(lines[at]!)) return
    lines[at] = lines[at]!.replace(/merge=union\b/, 'merge=beads')
    writeFileSync(path, lines.join('\n'))
    return
  }
  writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${GITATTRIBUTES_LINE}\n`)
}

/**
 * Defines the `beads` merge driver in the clone's git config (which git never shares, so every
 * clone's first bd command or `bd init` does it). `command` runs bd; git appends the files.
 */
export function configureMergeDriver(root: string, command: string): void {
  if (!gitDirOf(root)) return
  // git missing or the config unwritable: merges fall back to git's line merge, and bd reports conflicts.
  if (setConfig(root, 'merge.beads.name', 'bd: per-bead three-way merge of .beads/issues.jsonl'))
    setConfig(root, 'merge.beads.driver', `${command} merge-driver %O %A %B`)
}

const rememberHook = (db: Kysely<TrackerSchema>, path: string) =>
  db
    .insertInto('metadata')
    .values({ key: KEY_HOOK, value: path })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: path }))
    .execute()

export const workspaceRoot = (location: WorkspaceLocation): string | undefined => (location.beadsDir ? dirname(location.beadsDir) : undefined)
