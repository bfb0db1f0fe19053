import { DomainError } from '../errors.js'
import type { WorkerPool } from '../workers/pool.js'

/** What a page may ask for: each maps to one existing pool service, nothing else runs. */
export type ActionName = 'send' | 'escalate' | 'kill' | 'spawn' | 'seance'

export const actionNames: readonly ActionName[] = ['send', 'escalate', 'kill', 'spawn', 'seance']

type Body = Record<string, unknown>

const text = (body: Body, key: string, required = true): string | undefined => {
  const v = body[key]
  if (v === undefined || v === null || v === '') {
    if (required) throw new DomainError('USAGE', `missing ${key}`)
    return undefined
  }
  if (typeof v !== 'string') throw new DomainError('INVALID_VALUE', `${key} must be a string, got ${JSON.stringify(v)}`)
  return v
}

/**
 * Runs one dashboard action through the pool's own services: the same safe delivery as `wt send`,
 * the same ladder as `wt escalate`, the same end as `wt kill`; `spawn` starts a worker on the next
 * ready unassigned bead (as `wt new --ready` would pick it); `seance` answers offline from the
 * transcripts. Bad input is a DomainError naming the value, before anything changes.
 */
export async function runAction(pool: WorkerPool, name: string, body: Body): Promise<unknown> {
  switch (name as ActionName) {
    case 'send':
      return pool.send(text(body, 'worker')!, text(body, 'text')!)
    case 'escalate':
      // A browser is no terminal: rung 2 switches only a tmux client the hub runs in (as wt escalate does), else says what to run.
      return pool.escalate(text(body, 'worker')!, String(body.rung ?? ''), text(body, 'message', false), { interactive: false, force: body.force === true })
    case 'kill':
      return pool.kill(text(body, 'worker')!, { force: body.force === true })
    case 'spawn': {
      const project = text(body, 'project', false)
      const [next] = await pool.ready({ project, unassigned: true, limit: 1 })
      if (!next)
        throw new DomainError('NOT_FOUND', `no ready unassigned bead${project ? ` in ${project}` : ''}`, {
          hint: 'bd ready shows what is ready; bd blocked what waits.',
        })
      const { worker } = await pool.spawn({ bead: next.id, project: next.project })
      return { worker: worker.name, bead: next.id, project: next.project, title: next.title }
    }
    case 'seance':
      return (await pool.seances()).ask(text(body, 'worker')!, text(body, 'question')!, { offline: true })
    default:
      throw new DomainError('NOT_FOUND', `unknown action: ${JSON.stringify(name)}`, { hint: `Actions: ${actionNames.join(', ')}` })
  }
}
