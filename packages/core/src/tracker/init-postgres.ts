import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { writeConfigLine } from './backend.js'
import type { InitResult } from './open.js'
import { openPostgresTracker } from './open-postgres.js'
import { JSONL_FILE, prepareWorkspaceDir } from './workspace.js'

/**
 * `bd init --database-url postgres://…?schema=NAME`: creates the schema, migrates it, sets the
 * prefix, brings in a JSONL the folder already has, and records the URL without its password in
 * `.beads/config.yaml`, so every clone of the repository reaches the same tracker.
 */
export async function initPostgresWorkspace(
  root: string,
  url: string,
  options: { prefix: string; force: boolean; env?: NodeJS.ProcessEnv },
): Promise<InitResult> {
  const { tracker, target, existed, close } = await openPostgresTracker(url, { prefix: options.prefix, create: true, env: options.env })
  let imported: number | undefined
  try {
    if (existed && !options.force) {
      throw new DomainError('WORKSPACE_EXISTS', `a beads workspace already exists in schema ${target.schema} at ${target.host}:${target.port}`, {
        hint: 'Another clone created it: record it here with --force (its beads are kept), or pick another ?schema=NAME.',
      })
    }
    const location = prepareWorkspaceDir(root, true, { jsonl: false })
    const jsonl = join(location.beadsDir!, JSONL_FILE)
    const content = existsSync(jsonl) ? readFileSync(jsonl, 'utf8') : ''
    if (content.trim()) {
      const summary = await tracker.importJsonl(content, { source: jsonl })
      imported = summary.created + summary.updated
    }
    writeConfigLine(location.beadsDir!, 'issue-prefix', tracker.prefix)
    writeConfigLine(location.beadsDir!, 'database-url', target.shown)
    return { prefix: tracker.prefix, beads_dir: location.beadsDir!, database: target.shown, ...(imported !== undefined ? { imported } : {}) }
  } finally {
    await close()
  }
}
