import { DomainError } from '../errors.js'
import type { DependencyType, IssueType, Status } from './schema.js'
import { NON_WORK_TYPES } from './work-rules.js'

export const STATUSES: readonly Status[] = ['open', 'in_progress', 'blocked', 'deferred', 'closed']
export const ISSUE_TYPES: readonly IssueType[] = ['bug', 'feature', 'task', 'epic', 'chore']
export const DEPENDENCY_TYPES: readonly DependencyType[] = ['blocks', 'parent-child', 'related', 'discovered-from']
export const SORTS = ['priority', 'oldest', 'hybrid'] as const
export type Sort = (typeof SORTS)[number]

const TYPE_ALIASES: Record<string, IssueType> = { feat: 'feature', enhancement: 'feature' }

/** Accepts 0–4 or P0–P4 (any case), as numbers or strings. */
export function parsePriority(input: string | number): number {
  const text = String(input).trim()
  const m = /^[pP]?([0-4])$/.exec(text)
  if (!m) {
    throw new DomainError('INVALID_PRIORITY', `invalid priority: ${JSON.stringify(String(input))}`, {
      hint: 'Use 0-4 or P0-P4 (0 = critical, 4 = backlog).',
    })
  }
  return Number(m[1])
}

export function parseStatus(input: string): Status {
  const s = input.trim().toLowerCase().replace('-', '_') as Status
  if (!STATUSES.includes(s)) {
    throw new DomainError('INVALID_STATUS', `invalid status: ${JSON.stringify(input)}`, { hint: `Use one of: ${STATUSES.join(', ')}.` })
  }
  return s
}

export function parseIssueType(input: string): IssueType {
  const t = input.trim().toLowerCase()
  const resolved = (TYPE_ALIASES[t] ?? t) as IssueType
  if (!ISSUE_TYPES.includes(resolved)) {
    throw new DomainError('INVALID_TYPE', `invalid issue type: ${JSON.stringify(input)}`, {
      hint: `Use one of: ${ISSUE_TYPES.join(', ')} (aliases: feat, enhancement).`,
    })
  }
  return resolved
}

/** Filters also find what other beads tools write (a hooked bead, an agent bead); writes never do. */
const FILTER_STATUSES: readonly string[] = [...STATUSES, 'hooked', 'pinned']
const FILTER_TYPES: readonly string[] = [...ISSUE_TYPES, ...NON_WORK_TYPES]

export function parseStatusFilter(input: string): string {
  const s = input.trim().toLowerCase().replace('-', '_')
  return FILTER_STATUSES.includes(s) ? s : parseStatus(input)
}

export function parseTypeFilter(input: string): string {
  const t = input.trim().toLowerCase()
  return FILTER_TYPES.includes(t) ? t : parseIssueType(input)
}

export function parseDependencyType(input: string): DependencyType {
  const t = input.trim().toLowerCase() as DependencyType
  if (!DEPENDENCY_TYPES.includes(t)) {
    throw new DomainError('INVALID_DEPENDENCY', `invalid dependency type: ${JSON.stringify(input)}`, { hint: `Use one of: ${DEPENDENCY_TYPES.join(', ')}.` })
  }
  return t
}

export function parseSort(input: string): Sort {
  const s = input.trim().toLowerCase() as Sort
  if (!SORTS.includes(s)) {
    throw new DomainError('INVALID_SORT', `invalid sort: ${JSON.stringify(input)}`, { hint: `Use one of: ${SORTS.join(', ')}.` })
  }
  return s
}

export const MAX_TITLE = 500

export function validateTitle(title: string): string {
  const t = title.trim()
  if (t.length === 0) throw new DomainError('INVALID_VALUE', 'title must not be empty', { hint: 'Give the bead a short title (1-500 characters).' })
  if ([...t].length > MAX_TITLE) {
    throw new DomainError('INVALID_VALUE', `title is ${[...t].length} characters long: ${JSON.stringify(t.slice(0, 40) + '…')}`, {
      hint: `Titles are at most ${MAX_TITLE} characters; put the rest in --description.`,
    })
  }
  if (t.includes('\uFFFD')) throw new DomainError('INVALID_VALUE', `title is not valid UTF-8: ${JSON.stringify(t)}`)
  return t
}

export function parseEstimate(input: string | number): number {
  const n = Number(input)
  if (!Number.isInteger(n) || n < 0) {
    throw new DomainError('INVALID_VALUE', `invalid estimate: ${JSON.stringify(String(input))}`, { hint: 'Give the estimate in whole minutes, e.g. -e 90.' })
  }
  return n
}

export function parseLimit(input: string | number): number {
  const n = Number(input)
  if (!Number.isInteger(n) || n < 0)
    throw new DomainError('INVALID_VALUE', `invalid limit: ${JSON.stringify(String(input))}`, { hint: 'Use a whole number; 0 means no limit.' })
  return n
}

export function parseDepth(input: string | number): number {
  const n = Number(input)
  if (!Number.isInteger(n) || n < 0)
    throw new DomainError('INVALID_VALUE', `invalid depth: ${JSON.stringify(String(input))}`, { hint: 'Use a whole number of levels, e.g. --max-depth 3.' })
  return n
}

/** Splits `a,b, c` into trimmed non-empty parts. */
export function splitList(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return []
  const parts = typeof input === 'string' ? [input] : input
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
}

export function validateLabel(label: string): string {
  const l = label.trim()
  if (l.length === 0) throw new DomainError('INVALID_VALUE', 'label must not be empty')
  if (/[\s,]/.test(l)) throw new DomainError('INVALID_VALUE', `invalid label: ${JSON.stringify(label)}`, { hint: 'Labels cannot contain spaces or commas.' })
  return l
}

const LEASE_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A lease length such as `30m`, `2h`, `90s` or `1d`, in milliseconds. */
export function parseLease(input: string): number {
  const m = /^\s*(\d+)\s*([smhd])\s*$/i.exec(input)
  const ms = m ? Number(m[1]) * LEASE_UNITS[m[2]!.toLowerCase()]! : NaN
  if (!(ms > 0)) throw new DomainError('INVALID_VALUE', `invalid lease: ${JSON.stringify(input)}`, { hint: 'Give a length such as 30m, 2h, 90s or 1d.' })
  return ms
}
