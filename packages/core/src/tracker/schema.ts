import type { Generated } from 'kysely'

/** The tracker database as Kysely sees it. Column names match the JSON contract (snake_case). */
export interface TrackerSchema {
  issues: IssuesTable
  dependencies: DependenciesTable
  labels: LabelsTable
  comments: CommentsTable
  events: EventsTable
  child_counters: ChildCountersTable
  metadata: MetadataTable
}

export type Status = 'open' | 'in_progress' | 'blocked' | 'deferred' | 'closed'
export type IssueType = 'bug' | 'feature' | 'task' | 'epic' | 'chore'
export type DependencyType = 'blocks' | 'parent-child' | 'related' | 'discovered-from'
export type EventType =
  | 'created'
  | 'updated'
  | 'status_changed'
  | 'closed'
  | 'reopened'
  | 'claimed'
  | 'dependency_added'
  | 'dependency_removed'
  | 'label_added'
  | 'label_removed'
  | 'commented'
  | 'deleted'

export interface IssuesTable {
  id: string
  title: string
  description: string
  design: string
  acceptance_criteria: string
  notes: string
  status: Status
  priority: number
  issue_type: IssueType
  assignee: string | null
  external_ref: string | null
  estimated_minutes: number | null
  created_at: string
  updated_at: string
  closed_at: string | null
  close_reason: string | null
  defer_until: string | null
  created_by: string | null
  /** 1 when a `blocks` blocker is not closed, or an ancestor is blocked; kept current on every write. */
  is_blocked: Generated<number>
  /** Latest `defer_until` of the bead and its ancestors; readiness compares it with now. */
  effective_defer_until: string | null
}

export interface DependenciesTable {
  issue_id: string
  depends_on_id: string
  type: DependencyType
  created_at: string
  created_by: string | null
}

export interface LabelsTable {
  issue_id: string
  label: string
}

export interface CommentsTable {
  id: Generated<number>
  issue_id: string
  author: string
  text: string
  created_at: string
}

export interface EventsTable {
  id: Generated<number>
  issue_id: string
  event_type: EventType
  actor: string
  old_value: string | null
  new_value: string | null
  comment: string | null
  created_at: string
}

export interface ChildCountersTable {
  parent_id: string
  last_child: number
}

export interface MetadataTable {
  key: string
  value: string
}
