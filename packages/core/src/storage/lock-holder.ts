import { readFileSync, statSync } from 'node:fs'

export interface LockHolder {
  pid: number
  /** The holder's command line, when it can be read. */
  command?: string
}

// SQLite's WAL write lock is a POSIX lock on byte 120 of the `-shm` file (WAL_WRITE_LOCK).
const WAL_WRITE_LOCK_BYTE = 120

/**
 * Which process holds the write lock of a WAL database, read from /proc/locks (Linux). Undefined
 * where that cannot be known (another OS, no -shm file, no such lock): callers say less then.
 */
export function writeLockHolder(databasePath: string): LockHolder | undefined {
  try {
    const inode = statSync(`${databasePath}-shm`).ino
    for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
      // "1: POSIX  ADVISORY  WRITE 19481 fe:00:2147857 120 120"
      const [, kind, , mode, pid, device, start, end] = line.trim().split(/\s+/)
      if (kind !== 'POSIX' || mode !== 'WRITE' || Number(device?.split(':')[2]) !== inode) continue
      const to = end === 'EOF' ? Infinity : Number(end)
      if (Number(start) > WAL_WRITE_LOCK_BYTE || to < WAL_WRITE_LOCK_BYTE) continue
      const holder: LockHolder = { pid: Number(pid) }
      try {
        holder.command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')
      } catch {
        // Gone since, or not ours to read.
      }
      return holder
    }
  } catch {
    // No /proc, no -shm: nothing to say.
  }
  return undefined
}
