import { createRequire } from 'node:module'
import type * as ChildProcess from 'node:child_process'

let loaded: typeof ChildProcess | undefined

/**
 * node:child_process, loaded on first use. Most bd commands never start a process, and loading it
 * (with net, dgram and their streams) is ≈4 ms of every start. Only adapters/ call this.
 */
export const childProcess = (): typeof ChildProcess => (loaded ??= createRequire(import.meta.url)('node:child_process') as typeof ChildProcess)
