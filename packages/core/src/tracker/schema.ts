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

/** What bd create/update write. Imported beads keep any value another tool wrote (`hooked`, `tombstone`…). */
export type Status = 'open' | 'in_progress' | 'blocked' | 'deferred' | 'closed'
export type IssueType = 'bug' | 'feature' | 'task' | 'epic' | 'chore'
export type DependencyType = 'blocks' | 'parent-child' | 'related' | 'discovered-from'
/** A value as stored: one of ours, or whatever an imported line said (kept verbatim). */
export type Stored<T extends string> = T | (string & {})
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
  | 'lease_renewed'
  | 'lease_expired'

export interface IssuesTable {
  id: string
  title: string
  description: string
  design: string
  acceptance_criteria: string
  notes: string
  status: Stored<Status>
  priority: number
  issue_type: Stored<IssueType>
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
  /** Latest `defer_until` of the bead and its ancestors, as a time key (time-key.ts); readiness compares it with now. */
  effective_defer_until: string | null
  /**
   * created_at as a time key: orders beads at full precision whatever offset the text carries.
   * Every write through bd sets it; a row put in by other means (NULL) sorts first in its tier.
   */
  created_order: string | null
  /** The exact line this bead was imported from, or last written as (its unknown fields live here). */
  source_line: string | null
  /** 1 while source_line is still the bead's line: export writes it byte for byte; any change clears it. */
  line_current: Generated<number>
  /** Beads' `pinned: true` / `ephemeral: true` (kept verbatim in source_line; here for `ready`). */
  pinned: Generated<number>
  ephemeral: Generated<number>
  deleted_at: string | null
  deleted_by: string | null
  /** A claim's lease end (ISO UTC, as written by bd): past it the claim lapses back to open. */
  lease_until: string | null
}

export interface DependenciesTable {
  issue_id: string
  /** May name a bead that does not exist here (missing, deleted, `external:…`): kept, never blocking. */
  depends_on_id: string
  type: Stored<DependencyType>
  created_at: string
  created_by: string | null
  /** The edge object's exact source text (unknown fields such as metadata, thread_id kept). */
  source: string | null
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
  /** The comment object's exact source text, when imported. */
  source: string | null
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
