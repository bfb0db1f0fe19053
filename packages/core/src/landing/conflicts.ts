import { existsSync } from 'node:fs'
import * as plumbing from '../adapters/git/plumbing.js'
import { type PoolContext, type WorkerRow, dbOf } from '../workers/context.js'
import { getProject } from '../workers/projects.js'
import { reconcile } from '../workers/reconcile.js'
import { isDomainError } from '../errors.js'
import { type BaseConflict, type ConflictReport, conflictActions, mayCollide, overlap, type PairConflict, touched, type WorkerChanges } from './overlap.js'

/** merge-tree answers by commit pair: the same two commits always merge the same way. */
const predictions = new Map<string, string[]>()
async function conflictsBetween(repo: string, a: string, b: string): Promise<string[]> {
  const key = `${repo}\0${a}\0${b}`
  const known = predictions.get(key)
  if (known) return known
  const { conflicts } = await plumbing.predictMerge(repo, a, b)
  if (predictions.size > 5000) predictions.delete(predictions.keys().next().value!)
  predictions.set(key, conflicts)
  return conflicts
}

/** Files changed between two commits never change either. */
const diffs = new Map<string, string[]>()
async function changedBetween(repo: string, base: string, head: string): Promise<string[]> {
  const key = `${repo}\0${base}\0${head}`
  const known = diffs.get(key)
  if (known) return known
  const files = await plumbing.changedSinceFork(repo, base, head)
  if (diffs.size > 5000) diffs.delete(diffs.keys().next().value!)
  diffs.set(key, files)
  return files
}

interface Seen {
  row: WorkerRow
  repo: string
  tip: string | undefined
  baseTip: string | undefined
  changes: WorkerChanges
}

/**
 * `wt conflicts`: every pair of live workers of a project, and each against its base, predicted with
 * `git merge-tree --write-tree` on the committed branches (no worktree or index touched), and the
 * files two of them change even where git would merge cleanly. `uncommitted: false` (the watcher)
 * reads commits only.
 */
export async function predictConflicts(
  ctx: PoolContext,
  options: { project?: string; uncommitted?: boolean; reconciled?: boolean } = {},
): Promise<ConflictReport> {
  // The watcher has just reconciled: no second tmux list-panes per tick.
  if (!options.reconciled) await reconcile(ctx)
  let q = dbOf(ctx).selectFrom('workers').selectAll().where('ended_at', 'is', null)
  if (options.project) q = q.where('project', '=', (await getProject(ctx, options.project)).name)
  const rows = await q.orderBy('name').execute()
  const seen: Seen[] = []
  const tipsByRepo = new Map<string, Map<string, string>>()
  for (const row of rows) {
    const project = await getProject(ctx, row.project)
    const tips = tipsByRepo.get(project.path) ?? tipsByRepo.set(project.path, await plumbing.branchTips(project.path)).get(project.path)!
    const tip = tips.get(row.branch)
    const baseTip = tips.get(row.base_branch)
    const files = tip && baseTip ? await changedBetween(project.path, baseTip, tip) : []
    const uncommitted = options.uncommitted !== false && existsSync(row.worktree) ? await plumbing.uncommittedFiles(row.worktree).catch(() => []) : []
    seen.push({
      row,
      repo: project.path,
      tip,
      baseTip,
      changes: { name: row.name, project: row.project, bead: row.bead, branch: row.branch, files, uncommitted },
    })
  }

  const pairs: PairConflict[] = []
  for (let i = 0; i < seen.length; i++) {
    for (let j = i + 1; j < seen.length; j++) {
      const a = seen[i]!
      const b = seen[j]!
      if (a.repo !== b.repo) continue
      const both = overlap(touched(a.changes), touched(b.changes))
      const canConflict = a.tip && b.tip && mayCollide(a.changes.files, b.changes.files)
      const conflicts = canConflict ? await conflictsBetween(a.repo, a.tip!, b.tip!) : []
      if (both.length || conflicts.length) pairs.push({ a: a.row.name, b: b.row.name, conflicts, overlap: both })
    }
  }
  const against: BaseConflict[] = []
  for (const w of seen) {
    if (!w.tip || !w.baseTip) continue
    const baseChanged = await changedBetween(w.repo, w.tip, w.baseTip)
    const both = overlap(touched(w.changes), baseChanged)
    const conflicts = mayCollide(w.changes.files, baseChanged) ? await conflictsBetween(w.repo, w.baseTip, w.tip) : []
    if (both.length || conflicts.length) against.push({ worker: w.row.name, base: w.row.base_branch, conflicts, overlap: both })
  }
  return { workers: seen.map((s) => s.changes), pairs, against_base: against, clean: pairs.length === 0 && against.length === 0 }
}

/**
 * The next steps wt brief and the dashboard show for a prediction; none when git cannot predict
 * (older than 2.38, a repository that cannot be read): wt conflicts says why.
 */
export const conflictSteps = (ctx: PoolContext, options: Parameters<typeof predictConflicts>[1] = {}): Promise<string[]> =>
  predictConflicts(ctx, options).then(conflictActions, (e) => (isDomainError(e) ? [] : Promise.reject(e)))

/** A finding's identity: the watcher announces each once, and again only when its files change. */
export const findingKeys = (r: ConflictReport): Map<string, string> =>
  new Map([
    ...r.pairs.map(
      (p) =>
        [
          `pair ${p.a} ${p.b} ${p.conflicts.join(',')}|${p.overlap.join(',')}`,
          `${p.a} ↔ ${p.b}: ${p.conflicts.length ? `conflict in ${p.conflicts.join(', ')}` : `both change ${p.overlap.join(', ')}`}`,
        ] as const,
    ),
    ...r.against_base
      .filter((b) => b.conflicts.length)
      .map((b) => [`base ${b.worker} ${b.conflicts.join(',')}`, `${b.worker} vs ${b.base}: conflict in ${b.conflicts.join(', ')}`] as const),
  ])
