/**
 * What counts as work for `ready`, as the public beads tracker decides it. Kept as data so the
 * readiness recomputation, the ready query and its partial index say the same thing.
 */

/** Types that record something other than work (agent mail, roles, workflow machinery). */
export const NON_WORK_TYPES = ['message', 'agent', 'role', 'rig', 'gate', 'molecule', 'merge-request', 'event', 'convoy'] as const

/** A `blocks` edge holds while its target has one of these statuses (a missing, closed or deleted target never blocks). */
export const BLOCKER_STATUSES = ['open', 'in_progress', 'blocked', 'deferred', 'hooked'] as const

/** A deleted bead: stored and exported (other clones must learn of the deletion), invisible elsewhere. */
export const TOMBSTONE = 'tombstone'

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',')

/**
 * The ready condition on `issues` apart from deferral, as literal SQL: SQLite proves the
 * `issues_ready` partial index applies only when the query repeats its WHERE clause term by term.
 */
export const READY_SQL = `issues.status = 'open' AND issues.is_blocked = 0 AND issues.pinned = 0 AND issues.ephemeral = 0 AND issues.issue_type NOT IN (${list(NON_WORK_TYPES)})`

export const BLOCKER_STATUSES_SQL = `(${list(BLOCKER_STATUSES)})`
