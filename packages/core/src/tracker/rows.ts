import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import type { IssuesTable, TrackerSchema } from './schema.js'
import type { Issue } from './types.js'

type ShownColumn =
  | 'id'
  | 'title'
  | 'description'
  | 'design'
  | 'acceptance_criteria'
  | 'notes'
  | 'status'
  | 'priority'
  | 'issue_type'
  | 'assignee'
  | 'external_ref'
  | 'estimated_minutes'
  | 'created_at'
  | 'updated_at'
  | 'closed_at'
  | 'close_reason'
  | 'defer_until'
  | 'created_by'
  | 'is_blocked'
  | 'effective_defer_until'
  | 'lease_until'
export type IssueRow = Pick<Selectable<IssuesTable>, ShownColumn> & { labels_json: string | null }

/** Selects every issue column plus its labels (sorted) as a JSON array string, in `db`'s dialect. */
export const issueColumns = (db: Kysely<TrackerSchema>) => {
  const dialect = dialectOf(db)
  return (eb: ExpressionBuilder<TrackerSchema, 'issues'>) =>
    [
      'issues.id',
      'issues.title',
      'issues.description',
      'issues.design',
      'issues.acceptance_criteria',
      'issues.notes',
      'issues.status',
      'issues.priority',
      'issues.issue_type',
      'issues.assignee',
      'issues.external_ref',
      'issues.estimated_minutes',
      'issues.created_at',
      'issues.updated_at',
      'issues.closed_at',
      'issues.close_reason',
      'issues.defer_until',
      'issues.created_by',
      'issues.is_blocked',
      'issues.effective_defer_until',
      'issues.lease_until',
      dialect.jsonArray(sql`SELECT label FROM labels WHERE labels.issue_id = ${eb.ref('issues.id')} ORDER BY label`, 'label').as('labels_json'),
    ] as const
}

/** Row → contract shape: empty text omitted, nulls dropped, priority always present. */
export function toIssue(row: IssueRow): Issue {
  const issue: Issue = {
    id: row.id,
    title: row.title,
    status: row.status,
    priority: row.priority,
    issue_type: row.issue_type,
    labels: row.labels_json ? (JSON.parse(row.labels_json) as string[]) : [],
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
  const optional = {
    description: row.description,
    design: row.design,
    acceptance_criteria: row.acceptance_criteria,
    notes: row.notes,
    assignee: row.assignee,
    lease_until: row.lease_until,
    external_ref: row.external_ref,
    estimated_minutes: row.estimated_minutes,
    closed_at: row.closed_at,
    close_reason: row.close_reason,
    defer_until: row.defer_until,
    created_by: row.created_by,
  }
  for (const [k, v] of Object.entries(optional)) {
    if (v !== null && v !== undefined && v !== '') (issue as unknown as Record<string, unknown>)[k] = v
  }
  return orderKeys(issue)
}

const KEY_ORDER = [
  'id',
  'title',
  'description',
  'design',
  'acceptance_criteria',
  'notes',
  'status',
  'priority',
  'issue_type',
  'assignee',
  'lease_until',
  'labels',
  'external_ref',
  'estimated_minutes',
  'created_at',
  'updated_at',
  'closed_at',
  'close_reason',
  'defer_until',
  'created_by',
]

/** Stable key order, so JSON output diffs cleanly. */
function orderKeys(issue: Issue): Issue {
  const out: Record<string, unknown> = {}
  for (const k of KEY_ORDER) if (k in issue) out[k] = (issue as unknown as Record<string, unknown>)[k]
  return out as unknown as Issue
}
