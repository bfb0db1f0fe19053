// The tracker's service suites, unchanged, against PostgreSQL: one throwaway cluster for this file,
// a fresh schema per tracker (test/_support/tracker.ts). Their SQLite run is the files themselves.
import { fileURLToPath } from 'node:url'
import { startCluster } from '../_support/postgres.js'

const SUITES = ['tracker.test.ts', 'claims.test.ts', 'plan.test.ts', 'ready.test.ts', 'labels-search-stats.test.ts', 'interop.test.ts', 'jsonl.test.ts']

const cluster = await startCluster()
process.env.BEADS_TEST_PG_URL = cluster.url()
try {
  const { run } = await import('uvu/run')
  await run(SUITES.map((name) => ({ name: `postgres: ${name}`, file: fileURLToPath(new URL(name, import.meta.url)) })))
} finally {
  const { closeTestDatabases } = await import('../_support/tracker.js')
  await closeTestDatabases()
  await cluster.destroy()
}
