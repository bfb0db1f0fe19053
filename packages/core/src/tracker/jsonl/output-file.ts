import { type Stats, closeSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, writevSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DomainError } from '../../errors.js'

type Content = string | readonly Buffer[]

/** A file written but not yet in place: `commit()` puts it there (after the database commits). */
export interface StagedFile {
  /** The temp file beside the target, when the target is (or will be) a regular file. */
  tmp?: string
  commit(): void
}

function write(fd: number, content: Content): void {
  if (typeof content === 'string') writeSync(fd, content)
  else writevSync(fd, content as Buffer[])
}

/**
 * The path actually written: a symlink is followed to its target, which the same rules then apply
 * to (the link stays a link; a dangling one is refused). Deliberate: a user who links
 * `.beads/issues.jsonl` or an output file elsewhere means that file.
 */
function targetOf(path: string): { path: string; kind: 'missing' | 'file' | 'special' } {
  let st: Stats
  try {
    st = lstatSync(path)
  } catch {
    return { path, kind: 'missing' }
  }
  if (st.isSymbolicLink()) {
    let real: string
    try {
      real = realpathSync(path)
    } catch {
      throw new DomainError('INVALID_VALUE', `${path} is a symbolic link to nothing`, { hint: 'Remove the link or point it at a file.' })
    }
    st = statSync(real)
    path = real
  }
  if (st.isFile()) return { path, kind: 'file' }
  if (st.isCharacterDevice() || st.isBlockDevice() || st.isFIFO()) return { path, kind: 'special' }
  throw new DomainError('INVALID_VALUE', `${path} is ${st.isDirectory() ? 'a folder' : 'not a file'}: nothing written`, { hint: 'Name a file to write.' })
}

const tempPrefix = (path: string) => `.${basename(path)}.`

/**
 * Writes `content` for `path` without putting it in place yet. A regular (or missing) target gets a
 * temp file beside it, fsynced, renamed over it on `commit()`: readers never see half a file. A
 * device or FIFO is written in place on `commit()` (renaming over `/dev/null` would replace the
 * device); a folder or socket is refused before anything is written.
 */
export function stageFile(path: string, content: Content): StagedFile {
  const target = targetOf(path)
  if (target.kind === 'special') {
    return {
      commit() {
        const fd = openSync(target.path, 'w')
        try {
          write(fd, content)
        } finally {
          closeSync(fd)
        }
      },
    }
  }
  const tmp = join(dirname(target.path), `${tempPrefix(target.path)}${process.pid}.${Date.now()}.tmp`)
  const fd = openSync(tmp, 'wx', 0o644)
  try {
    write(fd, content)
    fsyncSync(fd)
  } catch (e) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw e
  }
  closeSync(fd)
  return {
    tmp,
    commit() {
      try {
        renameSync(tmp, target.path)
      } catch (e) {
        // Another command already finished this write (it found it pending under the lock).
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      }
    },
  }
}

/** Writes `content` to `path` now: temp + rename for regular files, in place for devices and FIFOs. */
export function writeOutputFile(path: string, content: Content): void {
  stageFile(path, content).commit()
}

/** Temp files `stageFile` left beside `path` (`.issues.jsonl.<pid>.<ms>.tmp`), with the pid that wrote each. */
export function tempFiles(path: string): Array<{ path: string; pid: number }> {
  const prefix = tempPrefix(path)
  let names: string[]
  try {
    names = readdirSync(dirname(path))
  } catch {
    return []
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'))
    .map((n) => ({ path: join(dirname(path), n), pid: Number(n.slice(prefix.length).split('.')[0]) }))
}

const alive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Temp files whose writer is gone (killed mid-write): safe to finish or remove without the lock's help. */
export const orphanedTempFiles = (path: string) => tempFiles(path).filter((t) => t.pid !== process.pid && !alive(t.pid))
