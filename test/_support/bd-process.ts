import { execFile, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { initWorkspace, openTrackerAt } from '../../packages/core/src/tracker/open.js'
import type { Tracker } from '../../packages/core/src/tracker/tracker.js'

export const bdBin = fileURLToPath(new URL('../../packages/bd/bin/run.js', import.meta.url))

export interface Run {
  code: number
  stdout: string
  stderr: string
  signal?: NodeJS.Signals | null
}

/** The environment every spawned bd gets: no colour, a fixed actor, no CA bundle (+140 ms a start). */
export function bdEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BEADS_ACTOR: 'tester', ...extra }
  for (const k of ['NODE_EXTRA_CA_CERTS', 'BEADS_DB', 'BEADS_DIR', 'FORCE_COLOR']) if (!(k in extra)) delete env[k]
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k]
  return env
}

/** Runs the built bd CLI (argv array, never a shell). */
export function bd(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; input?: string } = { cwd: process.cwd() },
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bdBin, ...args],
      { cwd: options.cwd, env: bdEnv(options.env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? Number((err as { code: number }).code) : 1) : 0
        resolve({ code, stdout, stderr, signal: (err as { signal?: NodeJS.Signals } | null)?.signal })
      },
    )
    if (options.input !== undefined) child.stdin?.end(options.input)
  })
}

/** Spawns bd without waiting (for kill tests). */
export function bdSpawn(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}) {
  return spawn(process.execPath, [bdBin, ...args], { cwd, env: bdEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `bd-${name}-`))
}

/** A workspace in a fresh temp folder, seeded through core; returns its folder and database path. */
export async function seededWorkspace(name: string, seed: (t: Tracker) => Promise<void>, prefix = 'ws'): Promise<{ dir: string; db: string }> {
  const dir = tempDir(name)
  const { database } = await initWorkspace(dir, { prefix })
  const handle = await openTrackerAt(database, { actor: 'seeder' })
  try {
    await seed(handle.tracker)
    handle.raw!.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    await handle.close()
  }
  return { dir, db: database }
}

/** Copies a workspace folder (database checkpointed first), for side-by-side runs. */
export function copyWorkspace(from: string, name: string): string {
  const to = tempDir(name)
  cpSync(from, to, { recursive: true })
  return to
}

/** Every row of every table, for "nothing changed" and "same effect" comparisons. */
export function dumpDatabase(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{
      name: string
      sql: string
    }>
    // WITHOUT ROWID tables (FTS5's shadow tables in wt.db) have no rowid; they scan in key order.
    const order = (sql: string) => (/WITHOUT\s+ROWID/i.test(sql) ? '' : ' ORDER BY rowid')
    return Object.fromEntries(tables.map(({ name, sql }) => [name, db.prepare(`SELECT * FROM "${name}"${order(sql)}`).all()]))
  } finally {
    db.close()
  }
}

export const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g
export const withoutTimes = (s: string): string => s.replace(ISO_TIME, '<time>')

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })
