/**
 * Variables an agent CLI sets for the programs it runs. A worker (or a seance) started from inside a
 * hub that is itself a Claude Code session would inherit them and believe it is nested: Claude Code
 * refuses to start, or behaves as a sub-session. Every agent wt starts runs without them.
 */
export const NESTED_SESSION_VARS = ['CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CLAUDE_CODE_SSE_PORT'] as const

/** `env` without the nested-session variables. */
export function withoutNestedSession(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env }
  for (const name of NESTED_SESSION_VARS) delete clean[name]
  return clean
}

/**
 * argv that runs `command` with the nested-session variables unset, whatever the tmux server's own
 * environment holds (a server started earlier from inside an agent passes them to every pane).
 * `env` execs the command, so the agent stays the pane's process.
 */
export const unsetNestedSession = (command: readonly string[]): string[] => ['env', ...NESTED_SESSION_VARS.flatMap((name) => ['-u', name]), '--', ...command]
