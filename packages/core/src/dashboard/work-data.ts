import { statSync } from 'node:fs'
import { join } from 'node:path'
import { deferNote } from '../workers/rules/escalation-plan.js'
import { TOMBSTONE } from '../tracker/work-rules.js'
import type { IssueDetails } from '../tracker/types.js'
import { BEADS_DIR, JSONL_FILE } from '../tracker/workspace.js'
import type { PoolContext } from '../workers/context.js'
import { beadsDbOf, getProject, listProjects, type Project, withTracker } from '../workers/projects.js'
import type { GraphBead, GraphEdge } from './work-graph.js'

export interface ProjectBeads {
  project: string
  beads: GraphBead[]
  edges: GraphEdge[]
  ready: Set<string>
}

/** Every bead of a project (tombstones left out), its edges and which beads are ready, in one open. */
export async function readProjectBeads(ctx: PoolContext, name: string): Promise<ProjectBeads> {
  const project = await getProject(ctx, name)
  return withTracker(project, undefined, async (t) => {
    const [rows, labels, edges, ready] = await Promise.all([
      t.db
        .selectFrom('issues')
        .select(['id', 'title', 'status', 'priority', 'issue_type', 'assignee', 'is_blocked'])
        .where('status', '<>', TOMBSTONE)
        .orderBy('created_order')
        .orderBy('id')
        .execute(),
      t.db.selectFrom('labels').select(['issue_id', 'label']).execute(),
      t.db.selectFrom('dependencies').select(['issue_id', 'depends_on_id', 'type']).execute(),
      t.ready({ limit: 0 }),
    ])
    const labelsOf = new Map<string, string[]>()
    for (const l of labels) labelsOf.set(l.issue_id, [...(labelsOf.get(l.issue_id) ?? []), l.label])
    return {
      project: name,
      beads: rows.map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        priority: r.priority,
        issue_type: r.issue_type,
        assignee: r.assignee || null,
        labels: labelsOf.get(r.id) ?? [],
        is_blocked: !!r.is_blocked,
      })),
      edges: edges.map((e) => ({ from: e.depends_on_id, to: e.issue_id, type: e.type })),
      ready: new Set(ready.map((r) => r.id)),
    }
  })
}

/** A bead's page: its fields, dependencies, dependents and comments. */
export async function readBead(ctx: PoolContext, name: string, id: string): Promise<IssueDetails> {
  const project = await getProject(ctx, name)
  return withTracker(project, undefined, async (t) => (await t.show([id]))[0]!)
}

export interface HeldBead {
  project: string
  id: string
  title: string
  priority: number
  /** The ladder's note: "Waiting for: …". */
  note: string
}

/**
 * Beads the ladder handed to a person: status `blocked` with rung 4's note ("Waiting for: …") as
 * their last comment, in every project. Beads blocked for other reasons are the graph's business.
 */
export async function heldBeads(ctx: PoolContext): Promise<HeldBead[]> {
  const out: HeldBead[] = []
  for (const project of await listProjects(ctx)) {
    // A project whose tracker cannot be read (moved, broken) must not blank the whole page: its
    // graph page names the error.
    const rows = await withTracker(project, undefined, async (t) => {
      const held = await t.db
        .selectFrom('issues')
        .select(['id', 'title', 'priority'])
        .where('status', '=', 'blocked')
        .orderBy('priority')
        .orderBy('id')
        .execute()
      return Promise.all(held.map(async (b) => ({ ...b, note: (await t.comments(b.id)).at(-1)?.text ?? '' })))
    }).catch(() => [])
    for (const r of rows) if (r.note.startsWith(deferNote(''))) out.push({ project: project.name, ...r })
  }
  return out
}

/**
 * A cheap sign that a project's beads changed: sizes and times of its database, WAL and JSONL
 * (no open, no query), so the tick can tell pages "reload the graph" only when something moved.
 */
export function beadsFingerprint(project: Project): string {
  const db = beadsDbOf(project)
  return [db, `${db}-wal`, join(project.path, BEADS_DIR, JSONL_FILE)]
    .map((p) => {
      try {
        const s = statSync(p)
        return `${s.size}:${s.mtimeMs}`
      } catch {
        return '-'
      }
    })
    .join('|')
}
