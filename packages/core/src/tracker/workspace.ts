import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DomainError } from '../errors.js'

export const BEADS_DIR = '.beads'
export const DB_FILE = 'beads.db'
export const JSONL_FILE = 'issues.jsonl'

export interface WorkspaceLocation {
  /** The `.beads` folder (absent when only `--db` names a file). */
  beadsDir: string | undefined
  dbPath: string
}

export interface LocateOptions {
  db?: string
  cwd?: string
  env?: NodeJS.ProcessEnv
}

/** `--db` > BEADS_DB > BEADS_DIR > nearest `.beads/` (with a database or a JSONL) walking up from cwd. */
export function locateWorkspace(options: LocateOptions = {}): WorkspaceLocation {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const dbFile = options.db ?? env.BEADS_DB
  if (dbFile) {
    const dbPath = resolve(cwd, dbFile)
    if (!existsSync(dbPath))
      throw new DomainError('NO_WORKSPACE', `database not found: ${dbPath}`, { hint: 'Check --db / BEADS_DB, or run `bd init` to create a workspace.' })
    return { beadsDir: basename(dirname(dbPath)) === BEADS_DIR ? dirname(dbPath) : undefined, dbPath }
  }
  if (env.BEADS_DIR) {
    const beadsDir = resolve(cwd, env.BEADS_DIR)
    const dbPath = join(beadsDir, DB_FILE)
    if (!existsSync(dbPath) && !existsSync(join(beadsDir, JSONL_FILE)))
      throw new DomainError('NO_WORKSPACE', `no beads database in BEADS_DIR=${beadsDir}`, {
        hint: 'Run `bd init` in the repository that owns it, or fix BEADS_DIR.',
      })
    return { beadsDir, dbPath }
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, BEADS_DIR, DB_FILE)
    // A fresh clone has .beads/issues.jsonl but no database (it is git-ignored): it is created on open.
    // A workspace on PostgreSQL may have only its config.yaml (database-url).
    if (existsSync(candidate) || existsSync(join(dir, BEADS_DIR, JSONL_FILE)) || existsSync(join(dir, BEADS_DIR, 'config.yaml')))
      return { beadsDir: join(dir, BEADS_DIR), dbPath: candidate }
    if (dirname(dir) === dir) break
  }
  throw new DomainError('NO_WORKSPACE', `no beads workspace found in ${cwd} or any parent folder`, { hint: 'Run `bd init` to create one here.' })
}

const DATABASE_FILES = ['beads.db', 'beads.db-wal', 'beads.db-shm']
const GITIGNORE = ['# SQLite is the local cache; issues.jsonl is what git shares.', ...DATABASE_FILES, '*.tmp', ''].join('\n')

/** Whether a .gitignore line (a plain name or a `*` / `?` glob) ignores `name`. */
const ignores = (pattern: string, name: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(name)

/**
 * `.beads/.gitignore` keeps the local database out of git. Written by every path that creates the
 * database (init, a fresh clone's first command). An existing file (beads writes its own, with
 * `*.db` and friends) is left alone when it already covers the database files, else given the
 * names it lacks. Never written through anything but a regular file.
 */
export function ensureGitignore(beadsDir: string): void {
  const path = join(beadsDir, '.gitignore')
  let current: string | undefined
  try {
    if (!lstatSync(path).isFile()) return
    current = readFileSync(path, 'utf8')
  } catch {
    writeFileSync(path, GITIGNORE)
    return
  }
  const patterns = current
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
  const missing = DATABASE_FILES.filter((name) => !patterns.some((p) => ignores(p.replace(/^\//, ''), name)))
  if (missing.length) writeFileSync(path, `${current.replace(/\n?$/, '\n')}${missing.join('\n')}\n`)
}

/** Creates `.beads/` with its .gitignore and (unless `jsonl` is false) an empty JSONL; the database is created by the caller. */
export function prepareWorkspaceDir(dir: string, force: boolean, options: { jsonl?: boolean } = {}): WorkspaceLocation {
  const beadsDir = join(resolve(dir), BEADS_DIR)
  const dbPath = join(beadsDir, DB_FILE)
  if (existsSync(dbPath) && !force) {
    throw new DomainError('WORKSPACE_EXISTS', `a beads workspace already exists in ${beadsDir}`, {
      hint: 'Use it as it is, or pass --force to re-initialise (the beads are kept).',
    })
  }
  if (existsSync(beadsDir) && !statSync(beadsDir).isDirectory()) throw new DomainError('INVALID_VALUE', `${beadsDir} exists and is not a folder`)
  mkdirSync(beadsDir, { recursive: true })
  ensureGitignore(beadsDir)
  const jsonl = join(beadsDir, JSONL_FILE)
  if (options.jsonl !== false && !existsSync(jsonl)) writeFileSync(jsonl, '')
  return { beadsDir, dbPath }
}
