import { kyselyOver, openSqlite } from '../../packages/core/src/storage/open.js'
import { migrate } from '../../packages/core/src/storage/migrate.js'
import { trackerMigrations } from '../../packages/core/src/tracker/migrations.js'
import type { TrackerSchema } from '../../packages/core/src/tracker/schema.js'
import { Tracker } from '../../packages/core/src/tracker/tracker.js'

export interface TestClock {
  now: Date
  advance(ms: number): void
}

/** A tracker on an in-memory database with a controllable clock and actor. */
export async function memoryTracker(options: { prefix?: string; actor?: string } = {}) {
  const raw = openSqlite(':memory:')
  const db = kyselyOver<TrackerSchema>(raw)
  await migrate(db, trackerMigrations)
  const clock: TestClock = {
    now: new Date('2026-01-01T00:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  let actor = options.actor ?? 'tester'
  const tracker = new Tracker({
    db,
    prefix: options.prefix ?? 'bd',
    actor: () => actor,
    now: () => {
      // Every write moves the clock on by 1 ms, so creation order is total.
      clock.advance(1)
      return clock.now
    },
  })
  return {
    tracker,
    raw,
    clock,
    as(name: string) {
      actor = name
    },
    close: () => db.destroy(),
  }
}
