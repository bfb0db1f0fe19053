import { DomainError } from '../../errors.js'

/** Watch knobs, in seconds. Keys in `config.json` are given next to each field. */
export interface WatchConfig {
  /** `idle.threshold`: quiet time after which the ladder says "check". */
  idleThreshold: number
  /** `idle.stuck`: no activity and no disk progress for this long = `stuck`; the ladder says "escalate". */
  idleStuck: number
  /** `watch.interval`: seconds between ticks. */
  interval: number
  /** `watch.debounce`: an idle-looking screen must stay unchanged this long before it counts as idle. */
  debounce: number
  /** `watch.start_grace`: a worker younger than this with nothing decisive on screen is `starting`. */
  startGrace: number
  /** `watch.report_grace`: screen changes this soon after a hook or signal belong to it (redraws). */
  reportGrace: number
  /** `watch.disk_interval`: how often a worktree is probed for progress (files, commits). */
  diskInterval: number
  /** `watch.nudge_cooldown`: at most one auto-nudge per worker per this many seconds. */
  nudgeCooldown: number
  /** `watch.nudge_after`: quiet time before an idle or interrupted worker is nudged. */
  nudgeAfter: number
}

export const defaultWatchConfig: Readonly<WatchConfig> = {
  idleThreshold: 300,
  idleStuck: 1800,
  interval: 5,
  debounce: 10,
  startGrace: 60,
  reportGrace: 3,
  diskInterval: 30,
  nudgeCooldown: 600,
  nudgeAfter: 300,
}

/** Configuration key → field. Every value is a non-negative number of seconds. */
export const watchConfigKeys: Readonly<Record<string, keyof WatchConfig>> = {
  'idle.threshold': 'idleThreshold',
  'idle.stuck': 'idleStuck',
  'watch.interval': 'interval',
  'watch.debounce': 'debounce',
  'watch.start_grace': 'startGrace',
  'watch.report_grace': 'reportGrace',
  'watch.disk_interval': 'diskInterval',
  'watch.nudge_cooldown': 'nudgeCooldown',
  'watch.nudge_after': 'nudgeAfter',
}

/**
 * Builds the watch configuration from a key lookup (the config store, per project). Unset keys take
 * their defaults; a value that is not a non-negative number is refused, naming the key and the value.
 */
export function watchConfigFrom(get: (key: string) => unknown): WatchConfig {
  const config: WatchConfig = { ...defaultWatchConfig }
  for (const [key, field] of Object.entries(watchConfigKeys)) {
    const raw = get(key)
    if (raw === undefined || raw === null || raw === '') continue
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim())
    if (!Number.isFinite(value) || value < 0) {
      throw new DomainError('INVALID_VALUE', `${key} must be a number of seconds ≥ 0, got: ${String(raw)}`)
    }
    config[field] = value
  }
  if (config.idleStuck < config.idleThreshold) {
    throw new DomainError('INVALID_VALUE', `idle.stuck (${config.idleStuck}) must not be below idle.threshold (${config.idleThreshold})`)
  }
  return config
}

export const withDefaults = (partial?: Partial<WatchConfig>): WatchConfig => ({ ...defaultWatchConfig, ...(partial ?? {}) })
