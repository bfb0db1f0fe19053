import { DomainError } from '../../errors.js'
import { type PresetName, presetNames } from './presets.js'
import { THEMES, validateName } from './namepool.js'

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

type Kind = 'string' | 'seconds' | 'int' | 'regex' | { oneOf: readonly string[] }

interface KeySpec {
  kind: Kind
  default?: string | number
  description: string
  /** 0 would mean "never" or a busy loop (a watch tick, a ready wait): refused. */
  positive?: boolean
  /** Largest accepted value. */
  max?: number
}

/** Every configuration key (WT_SPEC "State, configuration, knobs"); all overridable per project. */
export const CONFIG_KEYS: Record<string, KeySpec> = {
  'agent.command': { kind: 'string', default: 'claude', description: 'Agent program and arguments (split on spaces; no shell).' },
  'agent.preset': { kind: { oneOf: presetNames }, default: 'claude', description: 'Which screen patterns and hooks apply.' },
  'agent.prompt_via': { kind: { oneOf: ['arg', 'keys'] }, description: 'Initial prompt as the agent argument or typed when ready (default: per preset).' },
  'agent.ready_pattern': { kind: 'regex', description: 'Regex on the screen meaning the agent is ready for typed input (default: per preset).' },
  'agent.ready_timeout': {
    kind: 'seconds',
    default: 30,
    positive: true,
    description: 'Seconds to wait for ready_pattern, or for a new agent to show its prompt or start working.',
  },
  'agent.start_check': {
    kind: 'seconds',
    default: 2,
    description: 'Seconds a new agent must stay up before `wt new` reports success (a first-run failure quits within a second or two).',
  },
  worktree_root: { kind: 'string', default: '~/worktrees', description: 'Where worktrees are created (<root>/<bead-id>).' },
  base_branch: { kind: 'string', description: "Branch workers start from and merge into (default: the project's)." },
  max_workers: { kind: 'int', default: 4, description: 'Live workers `wt new --ready` fills up to.' },
  namepool: { kind: 'string', default: 'default', description: 'Name theme (default, minerals, birds) or a comma list.' },
  ports: { kind: 'string', default: '', description: 'Comma list of ports; each worker gets WT_PORT_<p>=<offset><p>.' },
  port_env: { kind: 'string', default: 'PORT_OFFSET', description: 'Variable that carries the port offset.' },
  'hooks.on_create': { kind: 'string', description: 'Shell command run in a new worktree before the agent starts.' },
  'hooks.on_close': { kind: 'string', description: 'Shell command run in the worktree before it is removed.' },
  'idle.threshold': { kind: 'seconds', default: defaultWatchConfig.idleThreshold, description: 'Seconds without activity before a worker counts as idle.' },
  'idle.stuck': { kind: 'seconds', default: defaultWatchConfig.idleStuck, description: 'Seconds without activity or disk progress before stuck.' },
  // At most a day: longer would overflow setTimeout (≈ 24.8 days) long before it is useful.
  'watch.interval': { kind: 'seconds', default: defaultWatchConfig.interval, positive: true, max: 86_400, description: 'Seconds between watch redraws.' },
  'watch.debounce': {
    kind: 'seconds',
    default: defaultWatchConfig.debounce,
    description: 'An idle-looking screen must stay unchanged this long before it counts as idle.',
  },
  'watch.start_grace': {
    kind: 'seconds',
    default: defaultWatchConfig.startGrace,
    description: 'A worker younger than this with nothing decisive on screen is starting.',
  },
  'watch.report_grace': {
    kind: 'seconds',
    default: defaultWatchConfig.reportGrace,
    description: 'Screen changes this soon after a hook or signal belong to it.',
  },
  'watch.disk_interval': {
    kind: 'seconds',
    default: defaultWatchConfig.diskInterval,
    description: 'How often wt watch probes a worktree for commits and writes.',
  },
  'watch.nudge_after': {
    kind: 'seconds',
    default: defaultWatchConfig.nudgeAfter,
    description: 'Quiet time before --auto-nudge nudges an idle or interrupted worker.',
  },
  'watch.nudge_cooldown': {
    kind: 'seconds',
    default: defaultWatchConfig.nudgeCooldown,
    description: 'At most one auto-nudge per worker per this many seconds.',
  },
  'watch.notify': { kind: { oneOf: ['bell', 'desktop', 'none'] }, default: 'bell', description: 'How watch alerts.' },
  'seance.command': { kind: 'string', default: 'claude', description: 'Agent CLI used to resume past sessions.' },
  'land.gate': {
    kind: 'string',
    description: '`wt land`: shell command run in the worker worktree after the rebase (e.g. npm test); a failure keeps the base untouched.',
  },
  'land.gate_timeout': {
    kind: 'seconds',
    default: 900,
    positive: true,
    max: 86_400,
    description: '`wt land`: seconds before the gate is stopped and counts as failed.',
  },
  'land.max_attempts': {
    kind: 'int',
    default: 3,
    positive: true,
    description: '`wt land`: failed landings of one worker before it is escalated instead of sent back.',
  },
  merge_mode: { kind: { oneOf: ['direct', 'pr'] }, default: 'direct', description: '`wt done` default: merge locally, or push and open a PR.' },
}

export type ConfigValue = string | number
export interface ConfigFile {
  global: Record<string, ConfigValue>
  projects: Record<string, Record<string, ConfigValue>>
}

export interface ConfigEntry {
  key: string
  value: ConfigValue | undefined
  source: 'default' | 'global' | 'project' | 'unset'
}

export function specOf(key: string): KeySpec {
  const spec = CONFIG_KEYS[key]
  if (!spec) throw new DomainError('INVALID_VALUE', `unknown config key: ${key}`, { hint: `Known keys: ${Object.keys(CONFIG_KEYS).join(', ')}` })
  return spec
}

/**
 * Validates and types a value given on the command line for `key`. `as` names where the value came
 * from when it is not `config set` (a flag that overrides the key, such as `--interval`).
 */
export function parseConfigValue(key: string, input: string, as?: string): ConfigValue {
  const { kind, positive, max } = specOf(key)
  if (kind === 'seconds' || kind === 'int') {
    const n = Number(input)
    if (
      input.trim() === '' ||
      !Number.isFinite(n) ||
      n < 0 ||
      (positive && n === 0) ||
      (max !== undefined && n > max) ||
      (kind === 'int' && !Number.isInteger(n))
    ) {
      const expected = [kind === 'int' ? 'a whole number' : 'seconds', positive ? 'more than 0' : '', max !== undefined ? `at most ${max}` : '']
        .filter(Boolean)
        .join(', ')
      throw new DomainError('INVALID_VALUE', `${as ? `invalid ${as}` : `invalid value for ${key}`}: ${JSON.stringify(input)} (expected ${expected})`)
    }
    return n
  }
  if (kind === 'regex') {
    try {
      new RegExp(input, 'm')
    } catch {
      throw new DomainError('INVALID_VALUE', `invalid regex for ${key}: ${JSON.stringify(input)}`)
    }
    return input
  }
  if (typeof kind === 'object' && !kind.oneOf.includes(input)) {
    throw new DomainError('INVALID_VALUE', `invalid value for ${key}: ${JSON.stringify(input)} (one of ${kind.oneOf.join(', ')})`)
  }
  if (key === 'ports') parsePorts(input)
  if (key === 'namepool' && !Object.hasOwn(THEMES, input)) {
    // Said now rather than silently dropped at spawn time (poolNames skips them).
    for (const name of input.split(',').map((n) => n.trim())) {
      try {
        validateName(name)
      } catch (e) {
        throw new DomainError('INVALID_VALUE', `invalid value for namepool: ${(e as Error).message.replace(/^invalid worker name: /, '')}`, {
          hint: `A theme (${Object.keys(THEMES).join(', ')}) or a comma list of names (letters, digits, - and _), none of them a wt command.`,
        })
      }
    }
  }
  return input
}

export function parsePorts(value: string | number | undefined): number[] {
  if (value === undefined || value === '') return []
  return String(value)
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const n = Number(p)
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new DomainError('INVALID_VALUE', `invalid port in ports: ${JSON.stringify(p)}`)
      return n
    })
}

export interface Settings {
  agentCommand: string
  preset: PresetName
  promptVia: 'arg' | 'keys' | undefined
  readyPattern: string | undefined
  readyTimeout: number
  startCheck: number
  worktreeRoot: string
  baseBranch: string | undefined
  maxWorkers: number
  namepool: string
  ports: number[]
  portEnv: string
  onCreate: string | undefined
  onClose: string | undefined
  idleThreshold: number
  idleStuck: number
  watchInterval: number
  watchNotify: 'bell' | 'desktop' | 'none'
  seanceCommand: string
  mergeMode: 'direct' | 'pr'
}
