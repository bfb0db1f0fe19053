import type { DependencyType, IssueType, Status, Stored } from './schema.js'
import type { Sort } from './values.js'

/** A bead as every `--json` command prints it. Empty text fields are omitted; priority never is. */
export interface Issue {
  id: string
  title: string
  description?: string
  design?: string
  acceptance_criteria?: string
  notes?: string
  status: Stored<Status>
  priority: number
  issue_type: Stored<IssueType>
  assignee?: string
  /** Until when the assignee's claim holds; past it the bead goes back to open (a claim made with a lease). */
  lease_until?: string
  labels: string[]
  external_ref?: string
  estimated_minutes?: number
  created_at: string
  updated_at: string
  closed_at?: string
  close_reason?: string
  defer_until?: string
  created_by?: string
}

export interface ReadyIssue extends Issue {
  dependency_count: number
  dependent_count: number
  comment_count: number
}

export interface LinkedIssue extends Issue {
  dependency_type: Stored<DependencyType>
}

export interface Comment {
  id: number
  issue_id: string
  author: string
  text: string
  created_at: string
}

export interface IssueDetails extends Issue {
  dependencies: LinkedIssue[]
  dependents: LinkedIssue[]
  comments: Comment[]
  /** Edges to beads that are not here (missing, deleted, `external:…`); present only when there are some. */
  missing_dependencies?: Array<{ depends_on_id: string; dependency_type: string; reason: 'deleted' | 'missing' }>
}

export interface BlockedIssue extends Issue {
  blocked_by: string[]
  blocked_by_count: number
}

export interface DependencyChange {
  status: 'added' | 'removed'
  issue_id: string
  depends_on_id: string
  type: Stored<DependencyType>
}

export interface TreeNode {
  id: string
  title: string
  status: Stored<Status>
  priority: number
  issue_type: Stored<IssueType>
  depth: number
  parent_id: string | null
  dependency_type: Stored<DependencyType> | null
  /** Already shown higher in the tree (a diamond); its subtree is not repeated. */
  repeated?: boolean
}

export interface EventRecord {
  id: number
  issue_id: string
  event_type: string
  actor: string
  old_value: string | null
  new_value: string | null
  comment: string | null
  created_at: string
}

export interface CreateInput {
  title: string
  description?: string
  design?: string
  acceptance_criteria?: string
  notes?: string
  priority?: string | number
  issue_type?: string
  assignee?: string
  labels?: string[]
  parent?: string
  /** `X`, `blocked-by:X`, `blocks:X`, `related:X`, `discovered-from:X`, `parent-child:X`. */
  deps?: string[]
  external_ref?: string
  estimated_minutes?: string | number
  /** ISO date, date-time or relative `+2d`. */
  defer_until?: string
  id?: string
  status?: string
}

export interface UpdateInput {
  title?: string
  description?: string
  design?: string
  acceptance_criteria?: string
  notes?: string
  append_notes?: string
  status?: string
  priority?: string | number
  issue_type?: string
  /** Empty string unassigns. */
  assignee?: string
  external_ref?: string
  estimated_minutes?: string | number
  /** Empty string clears. */
  defer_until?: string
  add_labels?: string[]
  remove_labels?: string[]
  /** Compare-and-swap claim for the acting actor (applied before the other fields). */
  claim?: boolean
  /** With claim: how long the claim holds unless renewed (`30m`, `2h`, `90s`); claiming again renews it. */
  lease?: string
}

/** Filters shared by list, ready and blocked (values are validated in core). */
export interface IssueFilterInput {
  priority?: Array<string | number>
  assignee?: string
  unassigned?: boolean
  labels?: string[]
  labels_any?: string[]
  issue_type?: string[]
  /** A bead id (partial ok): only its descendants, transitively. */
  parent?: string
  /** 0 means no limit. */
  limit?: number | string
  sort?: string
}

export interface ListFilter extends IssueFilterInput {
  status?: string[]
  all?: boolean
}

export type ReadyFilter = IssueFilterInput

export type { Sort }
