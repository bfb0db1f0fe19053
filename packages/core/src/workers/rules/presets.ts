/**
 * Screen patterns per agent preset, as data. A captured pane is read by trying each preset's rules in
 * order; the first rule whose pattern matches inside its bottom region decides the reading. Nothing
 * here knows about hooks, tmux or time: see classifier.ts for how a reading is weighed.
 *
 * Strings come from the agents' own UIs (Claude Code permission dialogs and spinner line, Codex
 * approval overlay and status indicator, aider's confirm prompts) as reported in their public issue
 * trackers; test/fixtures/screens holds reconstructed and captured screens that exercise every rule.
 */

import type { Settings } from './settings.js'
import { type Menu, type MenuSpec, parseMenu } from './menu.js'

/** The one list of agent presets (`agent.preset` accepts these; each has its entry in `presets` below). */
export const presetNames = ['claude', 'codex', 'aider', 'shell'] as const
export type PresetName = (typeof presetNames)[number]

/** What a screen says on its own. `interrupted` is an idle agent whose last turn was cut short. */
export type ScreenReading = 'working' | 'waiting' | 'idle' | 'interrupted' | 'exited'

export interface ScreenRule {
  reading: ScreenReading
  /** Matched against the bottom `within` lines joined with `\n` (use the `m` flag for line anchors). */
  pattern?: RegExp
  /** Instead of a pattern: a menu of the preset's `menu` kind sits at the bottom of the region. */
  menu?: true
  /** Size of the bottom region, in lines as `screenLines` gives them. */
  within: number
  /** Short name, shown as evidence. */
  label: string
}

export interface Preset {
  name: PresetName
  /** Tried in order; the first match decides. */
  rules: readonly ScreenRule[]
  /** Reading for a non-empty screen no rule matched (`null`: the screen says nothing). */
  fallback: ScreenReading | null
  /**
   * The agent is the pane's process: when the pane's current command becomes a plain shell, the agent
   * has ended (`exited`). False for the shell preset, whose agent *is* the shell.
   */
  agentExitsToShell: boolean
  /** Foreground programs that, by themselves, mean a person is expected (pagers): `waiting`. */
  waitingCommands: readonly string[]
  /** How the agent draws a menu it waits on (see menu.ts). */
  menu?: MenuSpec
  /** How text typed into it must be shaped (see neutralizeForPaste in text/controls.ts). */
  input: AgentInput
  /** How `wt new` hands over the first prompt: as the agent's argument, or typed once `readyPattern` shows. */
  promptVia: 'arg' | 'keys'
  /** Regex source (flag `m`): on screen, the agent is ready for typed input (`agent.ready_pattern` overrides it). */
  readyPattern: string
  /** Writes Claude Code hooks into the worktree's `.claude/settings.local.json`. */
  claudeHooks: boolean
}

/** How a preset's agent starts: the part of a preset `wt new` reads. */
type StartUp = Pick<Preset, 'promptVia' | 'readyPattern' | 'claudeHooks'>

export interface AgentInput {
  /** Whether it takes a bracketed paste as one submission; without, each line break is Enter. */
  bracketedPaste: boolean
  /** What makes it read a line as a command instead of a message when the line starts with it. */
  commandStarts: readonly string[]
}

export interface ScreenMatch {
  reading: ScreenReading
  label: string
  /** The last line of the region that matched, trimmed: what a person would point at. */
  line: string
  /** The menu on screen, when the reading is a menu: its question and options. */
  menu?: Menu
}

/** Programs that are a plain shell when they are a pane's current command. */
export const shellCommands: ReadonlySet<string> = new Set(['bash', 'zsh', 'sh', 'dash', 'fish', 'ksh', 'tcsh', 'csh', 'ash'])

/** tmux's own text for a pane whose process ended while `remain-on-exit` is on. */
const paneIsDead: ScreenRule = { reading: 'exited', pattern: /^Pane is dead\b/m, within: 3, label: 'tmux: pane is dead' }

/** A shell prompt on the last line: `user@host:~/dir$`, `bash-5.2$`, `(venv) user@host dir %`. */
const shellPromptReturned: ScreenRule = {
  reading: 'exited',
  pattern: /^(?:\([^)\n]*\)\s*)?(?:[\w.-]+@[\w.-]+[:\s][^\n]*|(?:ba|z|da|k)?sh-\d[\d.]*)\s?[$#%] ?$/m,
  within: 1,
  label: 'shell prompt returned',
}

/** An agent preset: the agent is the pane's process; tmux's dead-pane text and a returned shell prompt mean it ended. */
const agentPreset = (name: PresetName, start: StartUp, input: AgentInput, rules: ScreenRule[], menu?: MenuSpec): Preset => ({
  name,
  ...start,
  input,
  agentExitsToShell: true,
  waitingCommands: [],
  fallback: null,
  rules: [paneIsDead, shellPromptReturned, ...rules],
  ...(menu ? { menu } : {}),
})

/** A menu at the bottom of the screen (its highlighted option is not the input prompt). */
const menuRule: ScreenRule = { reading: 'waiting', menu: true, within: 24, label: 'menu' }

/**
 * Claude Code's menus (measured on 2.1.328, test/fixtures/screens/claude/*-real-*.txt): the folder
 * trust check, permission questions, the API-key confirmation, the auto-mode offer. Enter picks the
 * highlighted option, whatever was typed.
 */
const claudeMenu: MenuSpec = {
  highlight: '❯',
  footer: /Enter to confirm|Esc to (?:cancel|exit)|↑\/↓ to (?:choose|select)|Tab to amend/,
  kinds: [
    { kind: 'trust', pattern: /Quick safety check|trust this folder|Do you trust the files in this folder\?/ },
    { kind: 'api-key', pattern: /Do you want to use this API key\?|Detected a custom API key/ },
    { kind: 'auto-mode', pattern: /auto mode your default permission mode\?/ },
    { kind: 'permission', pattern: /Do you want to (?:proceed|make this edit|create|overwrite|allow|run|fetch|use)\b|Bash command|Edit file|Write file/ },
  ],
}

// `/` runs a slash command, `!` a shell command (bash mode), `#` writes to memory.
const claude = agentPreset(
  'claude',
  // The input prompt: `❯` at the start of a line (2.1.x; a menu's highlighted `❯` is indented), or the older `│ > ` box.
  { promptVia: 'arg', readyPattern: '^(?:❯|\\s*[│|]\\s*>)(?:\\s|$)', claudeHooks: true },
  { bracketedPaste: true, commandStarts: ['/', '!', '#'] },
  [
    menuRule,
    // Permission dialogs: the question, then numbered options (`❯ 1. Yes`).
    {
      reading: 'waiting',
      pattern: /Do you want to (?:proceed|make this edit|create|overwrite|allow|run|fetch|use)\b[^\n]*\?/,
      within: 14,
      label: 'permission question',
    },
    { reading: 'waiting', pattern: /^[\s│|]*[❯>]?\s*1\.\s+Yes\b/m, within: 8, label: 'numbered Yes option' },
    { reading: 'waiting', pattern: /Do you trust the files in this folder\?/, within: 20, label: 'trust folder question' },
    // Busy: the spinner line above the input box ("✻ Cogitating… (12s · ↑ 1.2k tokens · esc to interrupt)").
    { reading: 'working', pattern: /\b(?:esc|ctrl\+c) to interrupt\b/i, within: 14, label: 'esc to interrupt' },
    {
      reading: 'working',
      pattern: /^\s*[·✢✳✶✻✽∗*]\s+\S[^\n]*…\s*\((?:\d+h\s*)?(?:\d+m\s*)?\d+s\b/m,
      within: 14,
      label: 'spinner line',
    },
    { reading: 'working', pattern: /⎿\s+Running…/, within: 10, label: 'tool running' },
    // Cut short: "⎿  Interrupted · What should Claude do instead?" (under the cut turn, above the
    // input box and its footer) or the transcript marker.
    { reading: 'interrupted', pattern: /Interrupted\s*[·-]\s*What should Claude do instead\?/, within: 7, label: 'interrupted' },
    { reading: 'interrupted', pattern: /\[Request interrupted by user[^\]]*\]|Interrupted by user/, within: 7, label: 'interrupted by user' },
    // The input prompt: the bordered box (`│ > …│`) or the newer bare `❯` between rules.
    { reading: 'idle', pattern: /^\s*[│|]\s*>(?:\s[^\n]*)?$/m, within: 6, label: 'input box' },
    { reading: 'idle', pattern: /^\s*❯(?!\s*\d+\.)(?:\s[^\n]*)?$/m, within: 6, label: 'input prompt' },
  ],
  claudeMenu,
)

/**
 * Codex's menus (measured on 0.171.0, test/fixtures/screens/codex/*-real-*.txt): numbered options
 * under `›`, which is also its input prompt's mark, so only numbered options make a menu.
 */
const codexMenu: MenuSpec = {
  highlight: '›',
  numbered: true,
  footer: /enter (?:to )?(?:continue|confirm|submit|select)|esc (?:to )?(?:back|cancel)|Press enter/i,
  kinds: [
    { kind: 'trust', pattern: /Trust this folder\?|trust (?:this|the files in this) (?:folder|directory)/i },
    { kind: 'permission', pattern: /Would you like to (?:run the following command|make the following edits|grant)|Allow command\?/ },
  ],
}

// `/` runs a slash command, `!` a local shell command.
const codex = agentPreset(
  'codex',
  // Codex 0.171: `› Ask Codex to do anything` at the start of a line; its menus number their options (`› 1. …`).
  { promptVia: 'arg', readyPattern: '^›\\s(?!\\d+\\.)', claudeHooks: false },
  { bracketedPaste: true, commandStarts: ['/', '!'] },
  [
    menuRule,
    // Approval overlay: "Would you like to run the following command?" … "› 1. Yes, proceed (y)".
    { reading: 'waiting', pattern: /^[\s│|]*[›❯>]?\s*\d\.\s+Yes, (?:proceed|and don't ask again|grant)/m, within: 10, label: 'approval options' },
    {
      reading: 'waiting',
      pattern: /Would you like to (?:run the following command|make the following edits|grant)[^\n]*\?/,
      within: 14,
      label: 'approval question',
    },
    { reading: 'waiting', pattern: /Allow command\?|^[\s│|]*[❯›]\s*Yes \(y\)/m, within: 12, label: 'allow command' },
    { reading: 'working', pattern: /\besc to interrupt\b/i, within: 8, label: 'esc to interrupt' },
    { reading: 'working', pattern: /^\s*[•◦·]?\s*Working\s*\(\d+/m, within: 8, label: 'working indicator' },
    { reading: 'interrupted', pattern: /Conversation interrupted\b/, within: 6, label: 'conversation interrupted' },
    { reading: 'idle', pattern: /^\s*›(?:\s[^\n]*)?$/m, within: 5, label: 'input prompt' },
    { reading: 'idle', pattern: /\d+% context left|\? for shortcuts/, within: 2, label: 'footer' },
  ],
  codexMenu,
)

// `/` runs an in-chat command (`/run`, `/drop`…), `!` is its shortcut for /run.
const aider = agentPreset(
  'aider',
  { promptVia: 'keys', readyPattern: '(^|\\n)[a-z ]*>\\s*$', claudeHooks: false },
  { bracketedPaste: true, commandStarts: ['/', '!'] },
  [
    // "Add file to the chat? (Y)es/(N)o/(D)on't ask again [Yes]:" and friends.
    { reading: 'waiting', pattern: /\(Y\)es\/\(N\)o[^\n]*\[(?:Yes|No)\]:\s*$/m, within: 2, label: 'confirm prompt' },
    { reading: 'waiting', pattern: /\?\s*\(y\/n(?:\/[a-z]+)?\)\s*:?\s*$/im, within: 2, label: 'y/n prompt' },
    { reading: 'working', pattern: /Waiting for \S+|Updating repo map|Thinking…/, within: 3, label: 'spinner' },
    { reading: 'interrupted', pattern: /\^C again to exit/, within: 4, label: 'interrupted' },
    // The input prompt is the last line: "> ", or the edit format's "architect> ", "ask> "…
    { reading: 'idle', pattern: /^(?:[a-z][\w-]*)?> ?$/m, within: 1, label: 'input prompt' },
  ],
)

const shell: Preset = {
  name: 'shell',
  promptVia: 'keys',
  readyPattern: '[$#>%]\\s*$',
  claudeHooks: false,
  // A plain line-reading program: each line break submits, and what is a command is its own business.
  input: { bracketedPaste: false, commandStarts: ['/'] },
  agentExitsToShell: false,
  waitingCommands: ['less', 'more', 'most', 'man'],
  // A shell whose last line is neither a prompt nor a question is running something.
  fallback: 'working',
  rules: [
    paneIsDead,
    {
      reading: 'waiting',
      pattern: /(?:\[y\/N\]|\[Y\/n\]|\(y\/n\)|\(yes\/no(?:\/\[fingerprint\])?\)|\(Y\)es\/\(N\)o)[^\n]*$/,
      within: 1,
      label: 'yes/no question',
    },
    { reading: 'waiting', pattern: /^(?:\[sudo\] )?[Pp]assword(?: for [^:\n]+)?:\s*$|^Enter passphrase[^\n]*:\s*$/m, within: 1, label: 'password prompt' },
    { reading: 'waiting', pattern: /^(?:\(END\)|:|--More--(?:\(\d+%\))?|Press (?:any key|ENTER|RETURN)[^\n]*)\s*$/m, within: 1, label: 'pager or keypress' },
    { reading: 'idle', pattern: /^(?:>>>|\.\.\.|In \[\d+\]:|>)\s?$/m, within: 1, label: 'REPL prompt' },
    { reading: 'idle', pattern: /[$#%❯]\s?$/, within: 1, label: 'shell prompt' },
  ],
}

export const presets: Readonly<Record<PresetName, Preset>> = { claude, codex, aider, shell }

export const isPresetName = (value: string): value is PresetName => (presetNames as readonly string[]).includes(value)

/**
 * Lines as a person sees them: no ANSI escapes, no trailing spaces, no trailing blank lines, and a
 * run of blank lines as one (a TUI pads between its output and its input box at the bottom).
 */
export function screenLines(text: string): string[] {
  const lines = text
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '')
    .replace(/\r/g, '')
    // The blank braille cell (Codex draws its logo in braille) shows as a space.
    .replace(/\u2800/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.filter((line, i) => line !== '' || (i > 0 && lines[i - 1] !== ''))
}

/** The first rule of `preset` that matches its bottom region of `text`, or the fallback, or null. */
export function readScreen(preset: Preset, text: string): ScreenMatch | null {
  const lines = screenLines(text)
  if (lines.length === 0) return null
  for (const rule of preset.rules) {
    const region = lines.slice(-rule.within)
    if (rule.menu) {
      const menu = preset.menu && parseMenu(preset.menu, region)
      if (menu)
        return {
          reading: rule.reading,
          label: `${rule.label} (${menu.kind})`,
          line: menu.question ?? menu.options.find((o) => o.number === menu.selected)!.label,
          menu,
        }
      continue
    }
    const match = rule.pattern!.exec(region.join('\n'))
    if (match) {
      const upto = region.join('\n').slice(0, match.index + match[0].length)
      const line = upto.split('\n').pop()!.trim() || match[0].trim()
      return { reading: rule.reading, label: rule.label, line }
    }
  }
  return preset.fallback ? { reading: preset.fallback, label: 'no prompt on the last line', line: lines[lines.length - 1].trim() } : null
}

export interface AgentPlan {
  preset: Preset
  promptVia: 'arg' | 'keys'
  readyPattern: RegExp
  /** argv of the pane process, without the prompt. */
  argv: string[]
}

/** The agent `wt new` starts: `agent.command` split on whitespace (no shell: quoting is not interpreted), with its preset's start-up defaults. */
export function agentPlan(settings: Settings, options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): AgentPlan {
  const preset = presets[options.shell ? 'shell' : settings.preset] ?? presets.claude
  const argv = options.shell ? [options.env?.SHELL || process.env.SHELL || '/bin/sh'] : settings.agentCommand.trim().split(/\s+/).filter(Boolean)
  return {
    preset,
    promptVia: options.shell ? 'keys' : (settings.promptVia ?? preset.promptVia),
    readyPattern: new RegExp(settings.readyPattern ?? preset.readyPattern, 'm'),
    argv,
  }
}
