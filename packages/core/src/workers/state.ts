import type { Kysely } from 'kysely'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { DomainError } from '../errors.js'
import { migrate } from '../storage/migrate.js'
import { ensurePrivateHome, PRIVATE_FILE_MODE, tighten } from './private-state.js'
import { databaseError, kyselyOver, openSqlite, type RawDatabase } from '../storage/open.js'
import { transcriptMigrations } from '../seance/migrations.js'
import { workerMigrations } from './migrations.js'
import { landingMigrations } from '../landing/migrations.js'
import type { WtSchema } from './schema.js'

/** `$WT_HOME`, else `${XDG_STATE_HOME:-~/.local/state}/wt`. */
export function wtHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WT_HOME) return resolve(env.WT_HOME)
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'wt')
}

export interface WtState {
  home: string
  db: Kysely<WtSchema>
  raw: RawDatabase
  close(): Promise<void>
}

/** Every migration list of wt.db, in order. Later pieces append theirs here (one line). */
export const wtMigrations = () => [...workerMigrations, ...transcriptMigrations, ...landingMigrations]

/** wt.db is not rebuilt the way a beads database is (`bd import`, `bd init`). */
const REBUILD_WT_DB =
  'wt.db is not a SQLite database (corrupted or overwritten). Move it aside; wt starts a fresh one (then re-add projects with `wt project add`). Live tmux sessions and worktrees are untouched.'

/** Opens (and migrates, under the write lock) `$WT_HOME/wt.db`. The only place wt.db is opened. */
export async function openWtState(home: string): Promise<WtState> {
  ensurePrivateHome(home)
  const path = join(home, 'wt.db')
  const raw = openSqlite(path, { notADatabaseHint: REBUILD_WT_DB })
  tighten(path, PRIVATE_FILE_MODE)
  const db = kyselyOver<WtSchema>(raw)
  try {
    await migrate(db, wtMigrations())
  } catch (e) {
    await db.destroy().catch(() => undefined)
    if (e instanceof DomainError) throw e
    throw databaseError(path, e, REBUILD_WT_DB)
  }
  return { home, db, raw, close: () => db.destroy() }
}
