/**
 * Which workers `wt land` takes, and in what order. Pure: the states and counts come from the caller.
 */

export interface LandCandidate {
  name: string
  bead: string
  /** The bead's priority (0 first); unknown beads last. */
  priority: number | null
  created_at: string
  /** The watcher's state (observe.ts) and the worker's own last signal. */
  state: string
  signal: string | null
  commits_ahead: number
  /** Failed landings so far, and whether they reached land.max_attempts. */
  attempts: number
  escalated: boolean
}

export interface QueueDecision {
  queue: LandCandidate[]
  skipped: Array<{ name: string; bead: string; reason: string }>
}

/** A worker is finished when it said so, or sits idle with commits ahead of its base. */
export const isFinished = (c: LandCandidate) => c.signal === 'done' || c.state === 'done' || (c.state === 'idle' && c.commits_ahead > 0)

/**
 * `--all`: the finished workers; named workers: those, whatever their state. Either way, nothing
 * without commits ahead, and with `--all` nothing already escalated (a person lands those by name).
 * Order: bead priority, then the oldest worker, then the name.
 */
export function landingQueue(candidates: readonly LandCandidate[], pick: { all: true } | { names: readonly string[] }): QueueDecision {
  const skipped: QueueDecision['skipped'] = []
  const queue: LandCandidate[] = []
  for (const c of candidates) {
    if ('names' in pick && !pick.names.includes(c.name)) continue
    if (c.commits_ahead === 0) skipped.push({ name: c.name, bead: c.bead, reason: 'no commits beyond its base: nothing to land' })
    else if ('all' in pick && !isFinished(c))
      skipped.push({ name: c.name, bead: c.bead, reason: `still ${c.state}: not signalled done, not idle with commits` })
    else if ('all' in pick && c.escalated)
      skipped.push({
        name: c.name,
        bead: c.bead,
        reason: `escalated after ${c.attempts} failed landings: land it by name once a person has looked (wt land ${c.name})`,
      })
    else queue.push(c)
  }
  queue.sort(
    (a, b) =>
      (a.priority ?? 99) - (b.priority ?? 99) || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) || a.name.localeCompare(b.name),
  )
  return { queue, skipped }
}
