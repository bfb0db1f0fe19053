import { DomainError } from '../errors.js'
import { compareTimes } from '../tracker/time-key.js'
import type { ReadyIssue } from '../tracker/types.js'
import type { PoolContext } from './context.js'
import { getProject, listProjects, type Project, withTracker } from './projects.js'

export interface ProjectReadyIssue extends ReadyIssue {
  project: string
}

export interface ReadyAcrossOptions {
  project?: string
  /** Only these priorities (e.g. [0, 1]). */
  priority?: Array<string | number>
  /** Only beads nobody has claimed (what `wt new --ready` may take). */
  unassigned?: boolean
  limit?: number
}

/**
 * Ready beads of every registered project (or one), in-process, by priority then age, each with its
 * project (oldest first by the moment a time names, whatever its offset or precision). Epics are left out: a worker takes a leaf, not a container.
 */
export async function readyAcrossProjects(ctx: PoolContext, options: ReadyAcrossOptions = {}): Promise<ProjectReadyIssue[]> {
  const projects: Project[] = options.project ? [await getProject(ctx, options.project)] : await listProjects(ctx)
  if (!projects.length) throw new DomainError('NOT_FOUND', 'no projects registered', { hint: 'Register one: wt project add <name> <path>' })
  const all: ProjectReadyIssue[] = []
  for (const project of projects) {
    const ready = await withTracker(project, undefined, (t) => t.ready({ unassigned: options.unassigned, priority: options.priority, limit: 0 }))
    for (const issue of ready) if (issue.issue_type !== 'epic') all.push({ ...issue, project: project.name })
  }
  all.sort((a, b) => a.priority - b.priority || compareTimes(a.created_at, b.created_at) || a.id.localeCompare(b.id))
  return options.limit ? all.slice(0, options.limit) : all
}
