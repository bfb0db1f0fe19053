import * as plumbing from '../adapters/git/plumbing.js'
import type { PoolContext } from '../workers/context.js'
import { getProject } from '../workers/projects.js'
import { predictConflicts } from './conflicts.js'
import { namedFiles, namedFilesTouch, touched } from './overlap.js'

export interface Candidate {
  id: string
  project: string
  labels: string[]
}

/**
 * For `wt new --ready`: the candidates whose named files (`files:` labels, and what an earlier
 * attempt's branch `<bead>` or `<bead>-attempt-<n>` changed) touch files a live worker of the same
 * project has changed, with the reason to give. A bead that names nothing is never held back.
 */
export async function beadsTouchingLiveWork(ctx: PoolContext, candidates: readonly Candidate[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>()
  if (!candidates.length) return reasons
  const report = await predictConflicts(ctx, {})
  if (!report.workers.length) return reasons
  const byProject = new Map<string, Map<string, string[]>>()
  for (const w of report.workers) (byProject.get(w.project) ?? byProject.set(w.project, new Map()).get(w.project)!).set(w.name, touched(w))
  const tipsByProject = new Map<string, Map<string, string>>()
  for (const c of candidates) {
    const live = byProject.get(c.project)
    if (!live) continue
    const project = await getProject(ctx, c.project)
    const tips = tipsByProject.get(c.project) ?? tipsByProject.set(c.project, await plumbing.branchTips(project.path)).get(c.project)!
    const base = tips.get(ctx.config.settings(project.name).baseBranch ?? project.base_branch)
    const named = namedFiles(c.labels)
    const attempts = [...tips.keys()].filter((b) => b === c.id || b.startsWith(`${c.id}-attempt-`)).sort()
    for (const branch of attempts) if (base) named.push(...(await plumbing.changedSinceFork(project.path, base, tips.get(branch)!)))
    const hits = namedFilesTouch(named, live)
    if (!hits.length) continue
    const first = hits[0]!
    const via = attempts.length ? ` (named by its files: labels or earlier attempt ${attempts.join(', ')})` : ' (named by its files: labels)'
    reasons.set(
      c.id,
      `touches ${first.files.slice(0, 3).join(', ')}, which ${first.worker} has changed${hits.length > 1 ? ` (and ${hits.length - 1} more worker${hits.length > 2 ? 's' : ''})` : ''}${via}; spawn it anyway with wt new ${c.id}`,
    )
  }
  return reasons
}
