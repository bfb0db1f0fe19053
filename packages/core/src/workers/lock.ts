import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { DomainError } from '../errors.js'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-state.js'
import { processAlive } from '../adapters/processes.js'

/**
 * Runs `fn` holding an exclusive lock file (O_EXCL create). A lock whose holder is gone, or older
 * than `staleMs`, is taken over. Used to serialise `wt send` per worker across processes.
 */
export async function withLockFile<T>(path: string, fn: () => Promise<T>, options: { timeoutMs?: number; staleMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const staleMs = options.staleMs ?? 120_000
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const fd = openSync(path, 'wx', PRIVATE_FILE_MODE)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      try {
        const pid = Number(readFileSync(path, 'utf8'))
        const age = Date.now() - statSync(path).mtimeMs
        if ((pid && !processAlive(pid)) || age > staleMs) unlinkSync(path)
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new DomainError('UNAVAILABLE', `timed out waiting for lock ${path}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  try {
    return await fn()
  } finally {
    try {
      unlinkSync(path)
    } catch {
      // already gone
    }
  }
}
