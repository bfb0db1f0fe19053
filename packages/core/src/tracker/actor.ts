import { execFileSync } from 'node:child_process'

/** `--actor` > BEADS_ACTOR > BD_ACTOR > `git config user.name` > $USER > `unknown`. */
export function resolveActor(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd?: string): string {
  const direct = explicit ?? env.BEADS_ACTOR ?? env.BD_ACTOR
  if (direct && direct.trim()) return direct.trim()
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim()
    if (name) return name
  } catch {
    // no git, or no user.name configured
  }
  return env.USER?.trim() || 'unknown'
}

/** Resolves the actor only when a write needs it: reads never pay for the git call. */
export function lazyActor(explicit?: string, env?: NodeJS.ProcessEnv, cwd?: string): () => string {
  let cached: string | undefined
  return () => (cached ??= resolveActor(explicit, env, cwd))
}
