import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Claude Code's project folder name for a working directory: every character outside
 * [A-Za-z0-9] becomes '-', so `/w/my_app.v2` → `-w-my-app-v2`. Different paths can share a slug,
 * which is why discovery also checks the cwd the records name.
 */
export function slug(path: string): string {
  return path.replace(/[^A-Za-z0-9]/g, '-')
}

/** `${CLAUDE_CONFIG_DIR:-~/.claude}` */
export function claudeConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude')
}

/** Where Claude Code keeps transcripts: `<config>/projects/<slug>/<session-uuid>.jsonl`. */
export function projectsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(claudeConfigDir(env), 'projects')
}
