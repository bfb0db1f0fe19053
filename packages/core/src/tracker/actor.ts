import { configValue } from '../adapters/git/repo.js'

/** `--actor` > BEADS_ACTOR > BD_ACTOR > `git config user.name` > $USER > `unknown`. */
export function resolveActor(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd?: string): string {
  const direct = explicit ?? env.BEADS_ACTOR ?? env.BD_ACTOR
  if (direct?.trim()) return direct.trim()
  // No git, or no user.name configured: the next fallback.
  const name = configValue(cwd, 'user.name')
  if (name) return name
  return env.USER?.trim() || 'unknown'
}

/** Resolves the actor only when a write needs it: reads never pay for the git call. */
export function lazyActor(explicit?: string, env?: NodeJS.ProcessEnv, cwd?: string): () => string {
  let cached: string | undefined
  return () => (cached ??= resolveActor(explicit, env, cwd))
}
