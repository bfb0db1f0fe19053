import type { Settings } from './config.js'

/** What an agent preset implies: how the prompt gets in, when it is ready, which hooks apply. */
export interface Preset {
  name: Settings['preset']
  promptVia: 'arg' | 'keys'
  readyPattern: string
  /** Writes Claude Code hooks into the worktree's `.claude/settings.local.json`. */
  claudeHooks: boolean
  /** Screen patterns for watching (used by `wt watch`). */
  screen: { working?: string; waiting?: string; idle?: string }
}

export const PRESETS: Record<Settings['preset'], Preset> = {
  claude: {
    name: 'claude',
    promptVia: 'arg',
    readyPattern: '(^|\\n)\\s*[│|]?\\s*>\\s',
    claudeHooks: true,
    screen: { working: 'esc to interrupt', waiting: 'Do you want to proceed\\?|❯ 1\\. Yes', idle: '(^|\\n)\\s*[│|]?\\s*>\\s' },
  },
  codex: { name: 'codex', promptVia: 'arg', readyPattern: '▌|>\\s', claudeHooks: false, screen: { working: 'esc to interrupt|Working', waiting: 'Allow command\\?|\\[y/n\\]' } },
  aider: { name: 'aider', promptVia: 'keys', readyPattern: '(^|\\n)[a-z ]*>\\s*$', claudeHooks: false, screen: { waiting: '\\(Y\\)es/\\(N\\)o' } },
  shell: { name: 'shell', promptVia: 'keys', readyPattern: '[$#>%]\\s*$', claudeHooks: false, screen: {} },
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
