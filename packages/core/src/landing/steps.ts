/**
 * The landing of one worker as a step machine, kept in wt.db (`landings`) before each step runs, so
 * an interrupted `wt land` knows where it stopped. Pure: what to do next from where it stopped and
 * what git shows now.
 *
 *   rebase  rebase the branch onto the base in a throw-away detached worktree (the worker's own
 *           worktree and branch are untouched: an interruption leaves no half-rebased branch)
 *   move    point the worker's branch (clean worktree) at the rebased commit
 *   gate    run land.gate in the worker's worktree
 *   merge   fast-forward the base, only from the commit it was rebased onto
 *   push    push the base when the project has a remote
 *   close   close the bead
 *   end     end the worker (session, worktree, branch)
 */
export type LandStep = 'rebase' | 'move' | 'gate' | 'merge' | 'push' | 'close' | 'end'
export const LAND_STEPS: readonly LandStep[] = ['rebase', 'move', 'gate', 'merge', 'push', 'close', 'end']

export interface LandingRecord {
  step: LandStep
  base_before: string
  old_tip: string
  new_tip: string | null
}

/** What git shows when a landing resumes. */
export interface LandingFacts {
  branch_tip: string | undefined
  base_tip: string | undefined
}

export type Resume =
  | { from: LandStep }
  /** The worker's branch moved on since (it committed): start over from its new tip. */
  | { from: 'rebase'; restart: string }

/** Where an interrupted landing picks up, from its record and what git shows now. */
export function resumePoint(r: LandingRecord, now: LandingFacts): Resume {
  switch (r.step) {
    case 'rebase':
      // The throw-away worktree is removed by the caller; the branch was never touched.
      return { from: 'rebase' }
    case 'move':
      if (now.branch_tip === r.new_tip) return { from: 'gate' }
      if (now.branch_tip === r.old_tip) return { from: 'move' }
      return { from: 'rebase', restart: `${r.step}: the branch is at ${now.branch_tip?.slice(0, 12) ?? 'nothing'}, neither before nor after the rebase` }
    case 'gate':
      return now.branch_tip === r.new_tip ? { from: 'gate' } : { from: 'rebase', restart: 'the branch moved after the rebase' }
    case 'merge':
      if (now.base_tip === r.new_tip) return { from: 'push' }
      if (now.branch_tip !== r.new_tip) return { from: 'rebase', restart: 'the branch moved after the rebase' }
      // The base moved on meanwhile (or never moved): the merge decides, from base_before only.
      return now.base_tip === r.base_before ? { from: 'merge' } : { from: 'rebase', restart: 'the base moved before the merge' }
    default:
      // push, close and end are safe to repeat.
      return { from: r.step }
  }
}

/** The message a worker gets when its branch did not land: what failed, and what to do. */
export function failureMessage(f: {
  base: string
  kind: 'conflict' | 'gate' | 'dirty'
  files?: readonly string[]
  gate?: string
  tail?: readonly string[]
  exit?: string
  attempt: number
  max: number
}): string {
  const left = f.max - f.attempt
  const retry = left > 0 ? `Then signal done again (wt signal done); ${left} more landing attempt${left === 1 ? '' : 's'} before a person is called.` : ''
  if (f.kind === 'conflict') {
    return `wt land: your branch does not rebase cleanly onto ${f.base}: conflicts in ${f.files!.join(', ')}. ${f.base} is unchanged. Rebase on ${f.base} yourself (git rebase ${f.base}), resolve these files, run the tests, commit. ${retry}`.trim()
  }
  if (f.kind === 'dirty')
    return `wt land: your worktree has uncommitted changes (${f.files!.join(', ')}), so your branch was not landed. Commit them or clean up. ${retry}`.trim()
  return `wt land: your branch was rebased onto ${f.base}, but the gate \`${f.gate}\` failed (${f.exit}). ${f.base} is unchanged. Last lines:\n${f.tail!.join('\n')}\nFix it on your branch and commit. ${retry}`.trim()
}
