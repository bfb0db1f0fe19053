import { childProcess } from './child-process.js'

/** One row of the machine's process table. */
export interface ProcessRow {
  pid: number
  ppid: number
  command: string
}

/** The process table in one `ps` call (argv only); empty when ps is unavailable. */
export function processTable(): Promise<ProcessRow[]> {
  return new Promise((resolve) => {
    childProcess().execFile('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err && !stdout) return resolve([])
      resolve(parseProcessTable(stdout))
    })
  })
}

export function parseProcessTable(stdout: string): ProcessRow[] {
  const rows: ProcessRow[] = []
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.+?)\s*$/.exec(line)
    if (m) rows.push({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3]!.split('/').pop()! })
  }
  return rows
}

/** The commands of every process under `pid` (children, grandchildren…), nearest first. */
export function descendantCommands(table: readonly ProcessRow[], pid: number): string[] {
  const children = new Map<number, ProcessRow[]>()
  for (const row of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row])
  const found: string[] = []
  const queue = [...(children.get(pid) ?? [])]
  const seen = new Set<number>([pid])
  while (queue.length) {
    const row = queue.shift()!
    if (seen.has(row.pid)) continue
    seen.add(row.pid)
    found.push(row.command)
    queue.push(...(children.get(row.pid) ?? []))
  }
  return found
}
