import type { Issue } from '../../tracker/types.js'

/**
 * The first message a worker's agent gets. It never starts with `/` (the agent would read a slash
 * command); bead text is data inside it, delivered through argv or a paste buffer, never a shell.
 */
export function initialPrompt(issue: Issue, worker: { name: string; branch: string; base: string }): string {
  const parts = [
    `You are worker ${worker.name}, assigned bead ${issue.id}: ${issue.title}`,
    '',
    issue.description ? `Description:\n${issue.description}` : 'Description: (none)',
  ]
  if (issue.acceptance_criteria) parts.push('', `Acceptance criteria:\n${issue.acceptance_criteria}`)
  if (issue.design) parts.push('', `Design:\n${issue.design}`)
  parts.push(
    '',
    `You are in a git worktree on branch ${worker.branch} (from ${worker.base}). Commit your work there.`,
    'Report your state with `wt signal <working|idle|waiting|blocked|error|done> "message"`.',
    'Track discoveries with `bd create` and see the bead with `bd show ' + issue.id + '`.',
    'When the work is committed and the acceptance criteria are met, run `wt done`.',
  )
  return parts.join('\n')
}

/** `wt send` text: prefixed so that it never starts with a slash command, unless raw. */
export const dispatchText = (text: string, raw: boolean) => (raw ? text : `Dispatch: ${text}`)
