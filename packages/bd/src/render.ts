import { color, table, truncate } from '@beadwork/core/cli/style'
import type { BlockedIssue, Issue, IssueDetails, LinkedIssue, TreeNode } from '@beadwork/core/tracker/types'

const PRIORITY_COLOR = [color.red.bold, color.yellow, color.white, color.gray, color.gray] as const
export const priority = (p: number): string => (PRIORITY_COLOR[p] ?? color.white)(`P${p}`)

const STATUS_COLOR: Record<string, (s: string) => string> = {
  open: color.green,
  in_progress: color.cyan,
  blocked: color.red,
  deferred: color.magenta,
  closed: color.gray,
}
export const status = (s: string): string => (STATUS_COLOR[s] ?? ((x: string) => x))(s)

/** `bd-a1b2 [P1] [task] open  Title  @ann` */
export function issueLine(i: Issue): string {
  const who = i.assignee ? color.dim(` @${i.assignee}`) : ''
  const labels = i.labels.length ? color.dim(` [${i.labels.join(', ')}]`) : ''
  return `${color.bold(i.id)} [${priority(i.priority)}] [${i.issue_type}] ${status(i.status)} ${i.title}${who}${labels}`
}

export function issueTable(issues: Issue[]): string {
  return table(
    ['ID', 'P', 'TYPE', 'STATUS', 'ASSIGNEE', 'TITLE'],
    issues.map((i) => [
      i.id,
      priority(i.priority),
      i.issue_type,
      status(i.status),
      i.lease_until ? `${i.assignee ?? ''} (lease ${i.lease_until.slice(11, 16)}Z)` : (i.assignee ?? ''),
      truncate(i.title, 70),
    ]),
  )
}

function linked(title: string, items: LinkedIssue[]): string[] {
  if (!items.length) return []
  return [``, color.bold(title), ...items.map((d) => `  ${d.id} ${status(d.status)} ${d.title} ${color.dim(`(${d.dependency_type})`)}`)]
}

export function issueDetails(i: IssueDetails): string {
  const lines = [`${color.bold(i.id)}: ${i.title}`, `Status: ${status(i.status)}   Priority: ${priority(i.priority)}   Type: ${i.issue_type}`]
  if (i.assignee) lines.push(`Assignee: ${i.assignee}`)
  if (i.lease_until) lines.push(`Lease until: ${i.lease_until}`)
  if (i.labels.length) lines.push(`Labels: ${i.labels.join(', ')}`)
  if (i.external_ref) lines.push(`External: ${i.external_ref}`)
  if (i.estimated_minutes !== undefined) lines.push(`Estimate: ${i.estimated_minutes} min`)
  if (i.defer_until) lines.push(`Deferred until: ${i.defer_until}`)
  lines.push(`Created: ${i.created_at}${i.created_by ? ` by ${i.created_by}` : ''}   Updated: ${i.updated_at}`)
  if (i.closed_at) lines.push(`Closed: ${i.closed_at} (${i.close_reason ?? 'Closed'})`)
  for (const [label, text] of [
    ['Description', i.description],
    ['Design', i.design],
    ['Acceptance criteria', i.acceptance_criteria],
    ['Notes', i.notes],
  ] as const) {
    if (text) lines.push('', color.bold(label), text)
  }
  lines.push(...linked('Depends on', i.dependencies), ...linked('Dependents', i.dependents))
  if (i.missing_dependencies?.length) {
    lines.push('', color.bold(`Missing (${i.missing_dependencies.length}, never blocking)`))
    for (const m of i.missing_dependencies)
      lines.push(`  ${m.depends_on_id} (${m.dependency_type}) ${color.dim(m.reason === 'deleted' ? 'deleted' : 'not in this tracker')}`)
  }
  if (i.comments.length) {
    lines.push('', color.bold(`Comments (${i.comments.length})`))
    for (const c of i.comments) lines.push(`  ${color.dim(`${c.created_at} ${c.author}:`)} ${c.text}`)
  }
  return lines.join('\n')
}

export function blockedTable(items: BlockedIssue[]): string {
  return table(
    ['ID', 'P', 'STATUS', 'BLOCKED BY', 'TITLE'],
    items.map((i) => [i.id, priority(i.priority), status(i.status), i.blocked_by.join(', ') || '-', truncate(i.title, 60)]),
  )
}

export function treeLines(nodes: TreeNode[]): string {
  return nodes
    .map((n) => {
      const indent = n.depth === 0 ? '' : '  '.repeat(n.depth - 1) + '└─ '
      const type = n.dependency_type ? color.dim(` (${n.dependency_type})`) : ''
      const repeated = n.repeated ? color.dim(' (shown above)') : ''
      return `${indent}${color.bold(n.id)} [${priority(n.priority)}] ${status(n.status)} ${n.title}${type}${repeated}`
    })
    .join('\n')
}

export const idList = (issues: Issue[]): string => issues.map((i) => i.id).join(', ')
