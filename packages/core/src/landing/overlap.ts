/**
 * Rules over what workers changed: which files two workers (or a worker and the base) both touch,
 * which of them git would conflict in, and what the hub should do about it. Pure.
 */

export interface WorkerChanges {
  name: string
  project: string
  bead: string
  branch: string
  /** Committed since the branch forked from its base. */
  files: string[]
  /** Not committed yet (staged, unstaged, untracked): overlap only, git cannot merge them. */
  uncommitted: string[]
}

export interface PairConflict {
  a: string
  b: string
  /** Files `git merge-tree` says would conflict. */
  conflicts: string[]
  /** Files both changed (committed or not), conflicting or not. */
  overlap: string[]
}

export interface BaseConflict {
  worker: string
  base: string
  conflicts: string[]
  /** Files the worker changed that the base also changed since the worker forked. */
  overlap: string[]
}

export interface ConflictReport {
  workers: WorkerChanges[]
  pairs: PairConflict[]
  against_base: BaseConflict[]
  /** No predicted conflict and no overlap anywhere. */
  clean: boolean
}

export const touched = (w: Pick<WorkerChanges, 'files' | 'uncommitted'>) => [...new Set([...w.files, ...w.uncommitted])].sort()

/** Sorted files in both lists. */
export function overlap(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(a)
  return [...new Set(b.filter((f) => set.has(f)))].sort()
}

/**
 * Whether two sets of changed paths can collide in a merge: a path both change, or one side's
 * path is a folder of the other's (a file `docs` against `docs/readme.md` conflicts in git though
 * no path is shared). Only then is `git merge-tree` worth asking.
 */
export function mayCollide(a: readonly string[], b: readonly string[]): boolean {
  const folders = (paths: readonly string[]) => {
    const out = new Set<string>()
    for (const p of paths) for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) out.add(p.slice(0, i))
    return out
  }
  const setA = new Set(a)
  if (b.some((f) => setA.has(f))) return true
  const foldersA = folders(a)
  if (b.some((f) => foldersA.has(f))) return true
  const foldersB = folders(b)
  return a.some((f) => foldersB.has(f))
}

/**
 * A bead's named files (`files:` labels: a path, or a folder ending in `/`) against files live
 * workers changed: the changed files each name covers, by worker.
 */
export function namedFilesTouch(named: readonly string[], changedBy: ReadonlyMap<string, readonly string[]>): Array<{ worker: string; files: string[] }> {
  const covers = (name: string, file: string) => file === name || (name.endsWith('/') ? file.startsWith(name) : file.startsWith(`${name}/`))
  const out: Array<{ worker: string; files: string[] }> = []
  for (const [worker, files] of changedBy) {
    const hit = files.filter((f) => named.some((n) => covers(n, f)))
    if (hit.length) out.push({ worker, files: [...new Set(hit)].sort() })
  }
  return out
}

/** The paths a bead names through `files:<path>` labels (several labels, or commas inside one). */
export const namedFiles = (labels: readonly string[]) =>
  labels
    .filter((l) => l.startsWith('files:'))
    .flatMap((l) => l.slice('files:'.length).split(','))
    .map((p) => p.trim().replace(/^\.\//, ''))
    .filter(Boolean)

const list = (files: readonly string[], max = 3) => `${files.slice(0, max).join(', ')}${files.length > max ? ` (+${files.length - max} more)` : ''}`

/** One next step per finding, most serious first: predicted conflicts, then overlaps. */
export function conflictActions(report: Pick<ConflictReport, 'pairs' | 'against_base'>): string[] {
  const out: string[] = []
  for (const p of report.pairs.filter((p) => p.conflicts.length))
    out.push(`${p.a} and ${p.b} will conflict in ${list(p.conflicts)} → land one first (wt land ${p.a}), then have the other rebase; wt conflicts for details`)
  for (const b of report.against_base.filter((b) => b.conflicts.length))
    out.push(`${b.worker} conflicts with ${b.base} in ${list(b.conflicts)} → wt send ${b.worker} "rebase on ${b.base}"`)
  for (const p of report.pairs.filter((p) => !p.conflicts.length && p.overlap.length))
    out.push(`${p.a} and ${p.b} both change ${list(p.overlap)} (git merges it cleanly so far) → wt conflicts`)
  return out
}
