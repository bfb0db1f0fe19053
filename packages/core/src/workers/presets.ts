import type { Settings } from './config.js'

/** What an agent preset implies: how the prompt gets in, when it is ready, which hooks apply. */
export interface Preset {
  name: Settings['preset']
  promptVia: 'arg' | 'keys'
  readyPattern: string
  /** Writes Claude Code hooks into the worktree's `.claude/settings.local.json`. */
  claudeHooks: boolean
}

/** The screen patterns that read a worker's state live in watch/presets.ts. */

export const PRESETS: Record<Settings['preset'], Preset> = {
  claude: {
    name: 'claude',
    promptVia: 'arg',
    // The input prompt: `❯` at the start of a line (2.1.x; a menu's highlighted `❯` is indented), or the older `│ > ` box.
    readyPattern: '^(?:❯|\\s*[│|]\\s*>)(?:\\s|$)',
    claudeHooks: true,
  },
  // Codex 0.171: `› Ask Codex to do anything` at the start of a line; its menus number their options (`› 1. …`).
  codex: { name: 'codex', promptVia: 'arg', readyPattern: '^›\\s(?!\\d+\\.)', claudeHooks: false },
  aider: { name: 'aider', promptVia: 'keys', readyPattern: '(^|\\n)[a-z ]*>\\s*$', claudeHooks: false },
  shell: { name: 'shell', promptVia: 'keys', readyPattern: '[$#>%]\\s*$', claudeHooks: false },
}

export interface AgentPlan {
  preset: Preset
  promptVia: 'arg' | 'keys'
  readyPattern: RegExp
  /** argv of the pane process, without the prompt. */
  argv: string[]
}

/** Splits `agent.command` on whitespace (no shell: quoting is not interpreted). */
export function agentPlan(settings: Settings, options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): AgentPlan {
  const preset = PRESETS[options.shell ? 'shell' : settings.preset] ?? PRESETS.claude
  const argv = options.shell ? [options.env?.SHELL || process.env.SHELL || '/bin/sh'] : settings.agentCommand.trim().split(/\s+/).filter(Boolean)
  return {
    preset,
    promptVia: options.shell ? 'keys' : (settings.promptVia ?? preset.promptVia),
    readyPattern: new RegExp(settings.readyPattern ?? preset.readyPattern, 'm'),
    argv,
  }
}
