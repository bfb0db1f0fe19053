import { type ColumnDefinitionBuilder, sql } from 'kysely'
import type { Migration } from '../storage/migrate.js'

/**
 * The wt.db migrations. Append-only; later pieces append their own lists after this one
 * (`migrate(db, [...workerMigrations, ...transcriptMigrations])` in state.ts).
 */
export const workerMigrations: readonly Migration[] = [
  {
    name: 'wt_0001_workers',
    async up(db) {
      await db.schema
        .createTable('projects')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('base_branch', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('workers')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('project', 'text', (c) => c.notNull())
        .addColumn('bead', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('worktree', 'text', (c) => c.notNull())
        .addColumn('branch', 'text', (c) => c.notNull())
        .addColumn('base_branch', 'text', (c) => c.notNull())
        .addColumn('base_commit', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('port_offset', 'integer', (c) => c.notNull())
        .addColumn('session', 'text', (c) => c.notNull())
        .addColumn('agent_command', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_at', 'text', (c) => c.notNull())
        .addColumn('signal', 'text')
        .addColumn('signal_message', 'text')
        .addColumn('signal_at', 'text')
        .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .execute()
      // Live workers (not ended) may never share a name, a port offset or a bead: the database
      // itself refuses a racing duplicate, whatever the callers did.
      await sql`CREATE UNIQUE INDEX workers_live_name ON workers (name) WHERE ended_at IS NULL`.execute(db)
      await sql`CREATE UNIQUE INDEX workers_live_offset ON workers (port_offset) WHERE ended_at IS NULL`.execute(db)
      await sql`CREATE UNIQUE INDEX workers_live_bead ON workers (project, bead) WHERE ended_at IS NULL`.execute(db)
      await db.schema.createIndex('workers_bead').on('workers').columns(['bead']).execute()
      await db.schema
        .createTable('worker_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('worker_id', 'integer', (c) => c.references('workers.id').onDelete('set null'))
        .addColumn('worker', 'text')
        .addColumn('project', 'text')
        .addColumn('bead', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('data', 'text')
        .execute()
      await db.schema.createIndex('worker_events_at').on('worker_events').columns(['at']).execute()
      await db.schema
        .createTable('agent_sessions')
        .addColumn('worker_id', 'integer', (c) => c.notNull().references('workers.id').onDelete('cascade'))
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('transcript_path', 'text')
        .addColumn('cwd', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_sessions_pk', ['worker_id', 'session_id'])
        .execute()
    },
  },
  {
    // What `wt watch` needs on disk so a restarted hub rebuilds its picture: the last hook report
    // (kept apart from the observed state), the agent preset the worker runs, the last auto-nudge,
    // and the state the watcher last announced (so a restart does not alert twice).
    name: 'wt_0002_watch',
    async up(db) {
      const add = (column: string, type: 'text' | 'integer', build?: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder) =>
        db.schema
          .alterTable('workers')
          .addColumn(column, type, build ?? ((c) => c))
          .execute()
      await add('preset', 'text')
      await add('hook_event', 'text')
      await add('hook_message', 'text')
      await add('hook_at', 'text')
      await add('nudged_at', 'text')
      await add('nudge_count', 'integer', (c) => c.notNull().defaultTo(0))
      await add('announced_state', 'text')
    },
  },
  {
    // Who is spawning a worker, so that a spawn whose process was killed (kill -9, a closed
    // terminal) is rolled back by the next wt command instead of blocking the bead as a ghost.
    name: 'wt_0003_spawner',
    async up(db) {
      await db.schema.alterTable('workers').addColumn('spawn_pid', 'integer').execute()
      await db.schema.alterTable('workers').addColumn('spawn_hook_pid', 'integer').execute()
    },
  },
]
