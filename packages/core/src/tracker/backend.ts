import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** `.beads/config.yaml`: shared through git (beads writes its own keys here too). */
export const CONFIG_FILE = 'config.yaml'

const DATABASE_URL_LINE = /^database-url:\s*["']?([^"'\n]*)["']?\s*$/m

/**
 * The PostgreSQL URL a workspace uses, if any: BEADS_DATABASE_URL (a machine's override, and the
 * place for a password when ~/.pgpass will not do), else `database-url:` in `.beads/config.yaml`.
 * No URL: the workspace is SQLite.
 */
export function configuredDatabaseUrl(beadsDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BEADS_DATABASE_URL?.trim()) return env.BEADS_DATABASE_URL.trim()
  if (!beadsDir) return undefined
  try {
    return DATABASE_URL_LINE.exec(readFileSync(join(beadsDir, CONFIG_FILE), 'utf8'))?.[1]?.trim() || undefined
  } catch {
    return undefined
  }
}

/** Records (or replaces) one `key: "value"` line of config.yaml, through a regular file only. */
export function writeConfigLine(beadsDir: string, key: string, value: string): void {
  const path = join(beadsDir, CONFIG_FILE)
  if (existsSync(path) && !lstatSync(path).isFile()) return
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const line = `${key}: "${value}"`
  const pattern = new RegExp(`^${key}:.*$`, 'm')
  if (pattern.test(current)) writeFileSync(path, current.replace(pattern, line))
  else writeFileSync(path, `${current ? current.replace(/\n?$/, '\n') : '# bd workspace settings (shared through git)\n'}${line}\n`)
}
