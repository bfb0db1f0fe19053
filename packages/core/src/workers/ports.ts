import { createServer } from 'node:net'
import { DomainError } from '../errors.js'

/** True when nothing listens on 127.0.0.1:port (we could bind it ourselves). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** The ports a worker with offset k gets: `${k}${p}` for each configured p. */
export const offsetPorts = (k: number, ports: readonly number[]) => ports.map((p) => Number(`${k}${p}`))

/**
 * Smallest k ≥ 1 not used by a live worker whose ports all fit (≤ 65535) and are not bound by
 * another process. Refuses when none fits.
 */
export async function pickPortOffset(
  used: ReadonlySet<number>,
  ports: readonly number[],
  isFree: (port: number) => Promise<boolean> = portFree,
): Promise<number> {
  for (let k = 1; k < 10_000; k++) {
    if (used.has(k)) continue
    const candidate = offsetPorts(k, ports)
    if (candidate.some((p) => p > 65535)) break
    let ok = true
    for (const p of candidate) if (!(await isFree(p))) ok = false
    if (ok) return k
  }
  throw new DomainError('UNAVAILABLE', `no free port offset for ports ${ports.join(',')}: every offset is taken, too large or bound`, {
    hint: 'End a worker (wt kill / wt close), free the bound ports, or configure smaller ports.',
  })
}
