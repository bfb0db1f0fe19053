import type { Issue } from '@beadwork/core/tracker/types'

/** Texts for prime, onboard and quickstart: pure functions of the data, no I/O. */

export interface PrimeData {
  prefix: string
  summary: { total_issues: number; open_issues: number; in_progress_issues: number; blocked_issues: number; ready_issues: number; closed_issues: number }
  in_progress: Issue[]
  ready: Issue[]
}

const short = (i: Issue) => `- ${i.id} [P${i.priority}] ${i.title.length > 80 ? i.title.slice(0, 79) + '…' : i.title}${i.assignee ? ` (@${i.assignee})` : ''}`

/** Compact context for an agent's session start; stays well under ~1.5k tokens. */
export function primeText(d: PrimeData): string {
  const s = d.summary
  return `# bd: issue tracking for this repository (beads workflow)
Use bd for all task tracking: no markdown TODO lists. Beads are prioritized work items with dependencies; ids look like ${d.prefix}-a1b2.

## Now
${s.ready_issues} ready · ${s.in_progress_issues} in progress · ${s.blocked_issues} blocked · ${s.open_issues} open · ${s.closed_issues} closed
In progress:
${d.in_progress.length ? d.in_progress.map(short).join('\n') : '- none'}${s.in_progress_issues > d.in_progress.length ? `\n- … ${s.in_progress_issues - d.in_progress.length} more: bd list --status in_progress` : ''}
Top of the ready queue:
${d.ready.length ? d.ready.map(short).join('\n') : '- none'}

## Work loop
1. \`bd ready --json\`: open beads with no open blockers, most important first.
2. Claim one: \`bd update <id> --claim --json\` (atomic; exit 1 "already claimed by X" means pick another), or \`bd ready --claim --json\` to take the first.
3. Read it: \`bd show <id> --json\` (description, design, acceptance criteria, dependencies, comments).
4. Record progress: \`bd comments add <id> "what you found"\`; \`bd update <id> --append-notes "..."\`.
5. Found more work? \`bd create "Title" -t bug -p 1 -d "why" --deps discovered-from:<id> --json\`.
6. Finish: \`bd close <id> -r "what was done" --json\`. Then \`bd ready --json\` again.
7. Commit .beads/issues.jsonl with your code (bd rewrites it on every change; no daemon, no auto-commit).

## Commands
- Create: \`bd create "Title" -p 0-4 -t bug|feature|task|epic|chore -d "..." -l a,b --parent <id> --deps <id>,blocks:<id>\`
- Find: \`bd list --status open --json\`, \`bd search "text" --json\`, \`bd blocked --json\`, \`bd stale --days 14\`
- Change: \`bd update <id> --status in_progress|blocked|deferred --priority 1 --assignee X --add-label L\`
- Dependencies: \`bd dep add <id> <blocker-id>\` (id waits on blocker), \`bd dep tree <id>\`, \`bd dep cycles\`
- Labels: \`bd label add <id> <label>\`, \`bd label list-all\`
- Reopen: \`bd reopen <id>\`; remove: \`bd delete <id>\` (preview) then \`--force\`
- Overview: \`bd stats --json\`, \`bd count --by-status\`

## Rules
- Add --json whenever you parse output. Errors exit 1 with {"error":{"code","message","hint"}} on stdout; bad usage exits 2.
- Priority 0 = critical … 4 = backlog. Ready = open, no open \`blocks\` blocker, no blocked ancestor, not deferred.
- Ids resolve partially (a1b2 or ${d.prefix}-a1b2). Act as yourself: --actor NAME or BEADS_ACTOR.
- After git pull, the next bd command imports teammates' changes by itself. Never hand-edit .beads/issues.jsonl.
`
}

/** A snippet to paste into AGENTS.md / CLAUDE.md. */
export function onboardText(): string {
  return `## Issue tracking with bd

This repository tracks work with **bd** (beads): prioritized issues with dependencies, stored in
\`.beads/\` and shared through git as \`.beads/issues.jsonl\`. Use bd for all task tracking; do not
keep TODO lists in markdown.

- Start of session: run \`bd prime\` for the workflow and the current state.
- Find work: \`bd ready --json\`; claim it: \`bd update <id> --claim --json\`.
- New work you discover: \`bd create "Title" -p 2 --deps discovered-from:<id> --json\`.
- Progress notes: \`bd comments add <id> "..."\`.
- Done: \`bd close <id> -r "what was done" --json\`.
- Commit \`.beads/issues.jsonl\` together with the code it describes.

Always pass \`--json\` when reading bd output programmatically. Priorities: 0 (critical) to 4 (backlog).
`
}

/** A short tutorial for people. */
export function quickstartText(): string {
  return `bd quickstart
=============

bd tracks work as "beads": issues with a priority, a type and dependencies, kept in SQLite
(.beads/beads.db) and shared through git as one JSON line per bead (.beads/issues.jsonl).

1. Set up a repository
     bd init                      # creates .beads/ and a .gitattributes merge rule
     git add .beads .gitattributes && git commit -m "Track work with bd"

2. Create work
     bd create "Design the API" -p 1 -t feature
     bd create "Write the client" -p 2 --deps <api-id>     # waits on the API bead
     bd create "Endpoint tests" --parent <api-id>          # a child: <api-id>.1

3. See what can be done now
     bd ready                     # open, unblocked, not deferred; most important first
     bd blocked                   # what is waiting, and on what
     bd show <id>                 # everything about one bead

4. Work on it
     bd update <id> --claim       # assign it to yourself, status in_progress
     bd comments add <id> "Found the cause"
     bd close <id> -r "Shipped in #42"

5. Organise
     bd label add <id> backend    bd search "login"     bd stats     bd count --by-status
     bd dep add <id> <blocker>    bd dep tree <id>      bd stale --days 14

6. Share
     Every change rewrites .beads/issues.jsonl. Commit it with your code; after a git pull the
     next bd command imports what others changed (the later update of a bead wins).

Agents: add the output of \`bd onboard\` to AGENTS.md or CLAUDE.md and run \`bd prime\` at the
start of each session. Every command takes --json.
`
}
