import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin). */
export function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(base, versions[0], 'bin') : undefined
}

export interface TestCluster {
  /** The folder holding the socket (and the data folder). */
  dir: string
  port: number
  /** `postgres://postgres@localhost/postgres?host=<dir>&port=<port>`: unix socket, nothing on the network. */
  url(schema?: string): string
  /** Stops the server (SIGINT: fast shutdown), keeping the data. */
  stop(): Promise<void>
  /** Starts it again on the same folder and port. */
  start(): Promise<void>
  /** Stops it and removes the folder. */
  destroy(): Promise<void>
  /** Runs SQL through psql as the superuser (test set-up and inspection only). */
  psql(query: string): string
}

/**
 * A throwaway cluster in a temp folder, listening only on a unix socket there (no TCP): test files
 * running in parallel never collide. initdb refuses root, so as root the server runs as `postgres`.
 */
export async function startCluster(): Promise<TestCluster> {
  const bin = postgresBin()
  if (!bin) throw new Error("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
  const dir = mkdtempSync(join(tmpdir(), 'bd-pg-'))
  const asUser: { uid?: number; gid?: number } = {}
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
    asUser.uid = id('-u')
    asUser.gid = id('-g')
    chownSync(dir, asUser.uid, asUser.gid)
  }
  const init = spawnSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
    ...asUser,
    encoding: 'utf8',
  })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  // Any port number works for a socket-only server; it only names the socket file.
  const port = 20000 + (process.pid % 20000)
  let server: ChildProcess | undefined
  const cluster: TestCluster = {
    dir,
    port,
    url: (schema) => `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}${schema ? `&schema=${schema}` : ''}`,
    async start() {
      server = spawn(
        join(bin, 'postgres'),
        ['-D', join(dir, 'data'), '-k', dir, '-p', String(port), '-c', 'listen_addresses=', '-c', 'fsync=off', '-c', 'max_connections=200'],
        { ...asUser, stdio: 'ignore' },
      )
      const deadline = Date.now() + 30_000
      for (;;) {
        const ready = spawnSync(join(bin, 'pg_isready'), ['-q', '-h', dir, '-p', String(port)])
        if (ready.status === 0) return
        if (server.exitCode !== null || Date.now() > deadline) throw new Error('PostgreSQL did not start')
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async stop() {
      const s = server
      if (!s || s.exitCode !== null) return
      const exited = new Promise((r) => s.once('exit', r))
      s.kill('SIGINT')
      await exited
    },
    async destroy() {
      await cluster.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    psql(query) {
      const r = spawnSync(
        join(bin, 'psql'),
        ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', query],
        { encoding: 'utf8' },
      )
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`)
      return r.stdout.trim()
    },
  }
  await cluster.start()
  return cluster
}
