import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { DomainError } from '../errors.js'
import { type ConfigEntry, type ConfigFile, CONFIG_KEYS, parseConfigValue, parsePorts, type Settings, specOf } from './rules/settings.js'
import { ensurePrivateHome, PRIVATE_FILE_MODE } from './private-state.js'

/** `$WT_HOME/config.json`: global values and per-project overrides over the built-in defaults. */
export class ConfigStore {
  readonly path: string
  private data: ConfigFile

  constructor(readonly home: string) {
    this.path = join(home, 'config.json')
    this.data = ConfigStore.read(this.path)
  }

  private static read(path: string): ConfigFile {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      return { global: {}, projects: {} }
    }
    try {
      const parsed = JSON.parse(text) as Partial<ConfigFile>
      return { global: parsed.global ?? {}, projects: parsed.projects ?? {} }
    } catch (e) {
      throw new DomainError('INVALID_VALUE', `cannot parse ${path}: ${(e as Error).message}`, { hint: 'Fix or remove the file.' })
    }
  }

  private save(): void {
    ensurePrivateHome(this.home)
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: PRIVATE_FILE_MODE })
    renameSync(tmp, this.path)
  }

  get(key: string, project?: string): ConfigEntry {
    const spec = specOf(key)
    const own = project ? this.data.projects[project]?.[key] : undefined
    if (own !== undefined) return { key, value: own, source: 'project' }
    const global = this.data.global[key]
    if (global !== undefined) return { key, value: global, source: 'global' }
    return spec.default !== undefined ? { key, value: spec.default, source: 'default' } : { key, value: undefined, source: 'unset' }
  }

  list(project?: string): ConfigEntry[] {
    return Object.keys(CONFIG_KEYS).map((k) => this.get(k, project))
  }

  set(key: string, input: string, project?: string): ConfigEntry {
    const value = parseConfigValue(key, input)
    if (project) {
      this.data.projects[project] ??= {}
      this.data.projects[project][key] = value
    } else this.data.global[key] = value
    this.save()
    return this.get(key, project)
  }

  unset(key: string, project?: string): ConfigEntry {
    specOf(key)
    if (project) {
      const p = this.data.projects[project]
      if (p) delete p[key]
      if (p && Object.keys(p).length === 0) delete this.data.projects[project]
    } else delete this.data.global[key]
    this.save()
    return this.get(key, project)
  }

  /** Effective settings for a project, typed. */
  settings(project?: string): Settings {
    const v = (k: string) => this.get(k, project).value
    const str = (k: string) => (v(k) === undefined ? undefined : String(v(k)))
    const num = (k: string) => Number(v(k))
    return {
      agentCommand: str('agent.command')!,
      preset: str('agent.preset') as Settings['preset'],
      promptVia: str('agent.prompt_via') as Settings['promptVia'],
      readyPattern: str('agent.ready_pattern'),
      readyTimeout: num('agent.ready_timeout'),
      startCheck: num('agent.start_check'),
      worktreeRoot: expandHome(str('worktree_root')!),
      baseBranch: str('base_branch'),
      maxWorkers: num('max_workers'),
      namepool: str('namepool')!,
      ports: parsePorts(v('ports')),
      portEnv: str('port_env')!,
      onCreate: str('hooks.on_create'),
      onClose: str('hooks.on_close'),
      idleThreshold: num('idle.threshold'),
      idleStuck: num('idle.stuck'),
      watchInterval: num('watch.interval'),
      watchNotify: str('watch.notify') as Settings['watchNotify'],
      seanceCommand: str('seance.command')!,
      mergeMode: str('merge_mode') as Settings['mergeMode'],
    }
  }
}

export const expandHome = (p: string) => (p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p)
