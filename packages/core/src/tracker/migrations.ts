import { type Kysely, sql } from 'kysely'
import type { Migration } from '../storage/migrate.js'

/** Append-only. Inline (no folder scanning) so a bundle carries them. */
export const trackerMigrations: readonly Migration[] = [
  {
    name: '0001_initial',
    async up(db, dialect) {
      // PostgreSQL starts at 0002's shape: here only the tables 0002 does not rebuild.
      if (dialect.kind === 'postgres') return postgresInitial(db)
      await db.schema
        .createTable('issues')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('design', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('acceptance_criteria', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(2))
        .addColumn('issue_type', 'text', (c) => c.notNull().defaultTo('task'))
        .addColumn('assignee', 'text')
        .addColumn('external_ref', 'text', (c) => c.unique())
        .addColumn('estimated_minutes', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('defer_until', 'text')
        .addColumn('created_by', 'text')
        .addColumn('is_blocked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('effective_defer_until', 'text')
        .addCheckConstraint('issues_priority_range', sql`priority BETWEEN 0 AND 4`)
        .addCheckConstraint('issues_status_known', sql`status IN ('open','in_progress','blocked','deferred','closed')`)
        .addCheckConstraint('issues_closed_at_iff_closed', sql`(status = 'closed') = (closed_at IS NOT NULL)`)
        .execute()
      // `ready` is one scan of this partial index in its default order.
      await db.schema
        .createIndex('issues_ready')
        .on('issues')
        .columns(['priority', 'created_at', 'id'])
        .where(sql.ref('status'), '=', 'open')
        .where(sql.ref('is_blocked'), '=', 0)
        .execute()
      // list's default order; deliberately no index led by status, which the planner (without
      // statistics) would prefer over issues_ready and then sort in a temp b-tree.
      await db.schema.createIndex('issues_order').on('issues').columns(['priority', 'created_at', 'id']).execute()
      await db.schema.createIndex('issues_assignee').on('issues').column('assignee').execute()

      await db.schema
        .createTable('dependencies')
        .addColumn('issue_id', 'text', (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('depends_on_id', 'text', (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull().defaultTo('blocks'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addPrimaryKeyConstraint('dependencies_pk', ['issue_id', 'depends_on_id'])
        .addCheckConstraint('dependencies_no_self', sql`issue_id <> depends_on_id`)
        .execute()
      await db.schema.createIndex('dependencies_target').on('dependencies').columns(['depends_on_id', 'type']).execute()

      await db.schema
        .createTable('labels')
        .addColumn('issue_id', 'text', (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('labels_pk', ['issue_id', 'label'])
        .execute()
      await db.schema.createIndex('labels_label').on('labels').column('label').execute()

      await db.schema
        .createTable('comments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('issue_id', 'text', (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('comments_issue').on('comments').column('issue_id').execute()

      // Events outlive the bead they describe (a deleted bead keeps its history), so no foreign key.
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('issue_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('events_issue').on('events').columns(['issue_id', 'created_at']).execute()

      await db.schema
        .createTable('child_counters')
        .addColumn('parent_id', 'text', (c) => c.primaryKey())
        .addColumn('last_child', 'integer', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('metadata')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
    },
  },
  {
    // Lossless interop with other beads tools: values as written (no CHECK on status, no closed_at
    // rule), the source line of each bead, edges keyed by type and allowed to dangle (a missing,
    // deleted or `external:` target is kept), tombstones, and full-precision creation order.
    // SQLite cannot drop a CHECK or a key in place: the four tables are rebuilt, children dropped
    // before `issues` so no ON DELETE CASCADE fires, then renamed (which re-points their references).
    name: '0002_lossless_lines',
    async up(db, dialect) {
      const run = (q: string) => sql.raw(q.replace(/\s+/g, ' ')).execute(db)
      if (dialect.kind === 'postgres') {
        for (const q of [...losslessTables('', 'serial PRIMARY KEY'), ...LOSSLESS_INDEXES]) await run(q)
        return
      }
      const [issues, dependencies, labels, comments] = losslessTables('_v2', 'integer PRIMARY KEY AUTOINCREMENT')
      await run(issues!)
      // Rows written before this migration hold ISO UTC with milliseconds: their key is that text padded to nanoseconds.
      await run(`INSERT INTO issues_v2 (id, title, description, design, acceptance_criteria, notes, status, priority, issue_type,
        assignee, external_ref, estimated_minutes, created_at, updated_at, closed_at, close_reason, defer_until, created_by,
        is_blocked, effective_defer_until, created_order)
        SELECT id, title, description, design, acceptance_criteria, notes, status, priority, issue_type, assignee, external_ref,
        estimated_minutes, created_at, updated_at, closed_at, close_reason, defer_until, created_by, is_blocked,
        CASE WHEN effective_defer_until IS NULL THEN NULL ELSE substr(effective_defer_until, 1, 23) || '000000Z' END,
        substr(created_at, 1, 23) || '000000Z' FROM issues`)
      await run(dependencies!)
      await run(
        `INSERT INTO dependencies_v2 (issue_id, depends_on_id, type, created_at, created_by) SELECT issue_id, depends_on_id, type, created_at, created_by FROM dependencies`,
      )
      await run(labels!)
      await run(`INSERT INTO labels_v2 SELECT issue_id, label FROM labels`)
      await run(comments!)
      await run(`INSERT INTO comments_v2 (id, issue_id, author, text, created_at) SELECT id, issue_id, author, text, created_at FROM comments`)
      for (const t of ['dependencies', 'labels', 'comments', 'issues']) await run(`DROP TABLE ${t}`)
      for (const t of ['issues', 'dependencies', 'labels', 'comments']) await run(`ALTER TABLE ${t}_v2 RENAME TO ${t}`)
      for (const q of LOSSLESS_INDEXES) await run(q)
    },
  },
  {
    // Claims that lapse: a machine that dies mid-work gives its beads back (both backends alike).
    name: '0003_claim_leases',
    async up(db) {
      await sql`ALTER TABLE issues ADD COLUMN lease_until text`.execute(db)
      await sql`CREATE INDEX issues_lease ON issues (lease_until) WHERE lease_until IS NOT NULL`.execute(db)
    },
  },
  {
    // `bd plan` reads every bead still open: from this index alone, in queue order, with no table
    // row read and no sort. Partial, so its cost follows the open work, not the project's history.
    name: '0004_work_graph_index',
    async up(db) {
      const columns = 'priority, created_order, id, status, issue_type, estimated_minutes, defer_until, pinned, ephemeral'
      await sql.raw(`CREATE INDEX issues_work ON issues (${columns}) WHERE status NOT IN ('closed', 'tombstone')`).execute(db)
    },
  },
  {
    // The same scan without working out status, type and work codes per row: issues_work holds the
    // number the scan sends (work-graph.ts PACKED_SQL, frozen here as it was; SQLite reads an indexed
    // expression only when the query's is identical). At 10k: 4.6-6.2 ms -> 2.2-2.8 ms; writes cost the same.
    name: '0005_work_graph_codes',
    async up(db) {
      const packed =
        "((priority * 8 + (CASE status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'blocked' THEN 2 WHEN 'deferred' THEN 3 WHEN 'hooked' THEN 4 WHEN 'closed' THEN 5 WHEN 'pinned' THEN 6 ELSE 7 END)) * 2 + (CASE WHEN pinned = 0 AND ephemeral = 0 THEN 1 ELSE 0 END)) * 16 + (CASE issue_type WHEN 'task' THEN 0 WHEN 'bug' THEN 1 WHEN 'feature' THEN 2 WHEN 'epic' THEN 3 WHEN 'chore' THEN 4 WHEN 'message' THEN 5 WHEN 'agent' THEN 6 WHEN 'role' THEN 7 WHEN 'rig' THEN 8 WHEN 'gate' THEN 9 WHEN 'molecule' THEN 10 WHEN 'merge-request' THEN 11 WHEN 'event' THEN 12 WHEN 'convoy' THEN 13 ELSE 15 END)"
      await sql`DROP INDEX issues_work`.execute(db)
      await sql
        .raw(
          `CREATE INDEX issues_work ON issues (priority, created_order, id, (${packed}), estimated_minutes, defer_until) WHERE status NOT IN ('closed', 'tombstone')`,
        )
        .execute(db)
    },
  },
]

/** 0002's four tables; `suffix` names them apart while SQLite rebuilds, `autoId` is each engine's counter column. */
function losslessTables(suffix: string, autoId: string): string[] {
  return [
    `CREATE TABLE issues${suffix} (
        id text PRIMARY KEY, title text NOT NULL, description text DEFAULT '' NOT NULL, design text DEFAULT '' NOT NULL,
        acceptance_criteria text DEFAULT '' NOT NULL, notes text DEFAULT '' NOT NULL, status text DEFAULT 'open' NOT NULL,
        priority integer DEFAULT 2 NOT NULL, issue_type text DEFAULT 'task' NOT NULL, assignee text, external_ref text UNIQUE,
        estimated_minutes integer, created_at text NOT NULL, updated_at text NOT NULL, closed_at text, close_reason text,
        defer_until text, created_by text, is_blocked integer DEFAULT 0 NOT NULL, effective_defer_until text,
        created_order text, source_line text, line_current integer DEFAULT 0 NOT NULL,
        pinned integer DEFAULT 0 NOT NULL, ephemeral integer DEFAULT 0 NOT NULL, deleted_at text, deleted_by text,
        CONSTRAINT issues_priority_range CHECK (priority BETWEEN 0 AND 4))`,
    `CREATE TABLE dependencies${suffix} (
        issue_id text NOT NULL REFERENCES issues${suffix} (id) ON DELETE CASCADE, depends_on_id text NOT NULL,
        type text DEFAULT 'blocks' NOT NULL, created_at text NOT NULL, created_by text, source text,
        CONSTRAINT dependencies_pk PRIMARY KEY (issue_id, depends_on_id, type))`,
    `CREATE TABLE labels${suffix} (issue_id text NOT NULL REFERENCES issues${suffix} (id) ON DELETE CASCADE, label text NOT NULL,
        CONSTRAINT labels_pk PRIMARY KEY (issue_id, label))`,
    `CREATE TABLE comments${suffix} (id ${autoId}, issue_id text NOT NULL REFERENCES issues${suffix} (id) ON DELETE CASCADE,
        author text NOT NULL, text text NOT NULL, created_at text NOT NULL, source text)`,
  ]
}

const LOSSLESS_INDEXES = [
  // `ready` is one scan of this partial index in its default order (the WHERE repeats work-rules.ts READY_SQL).
  `CREATE INDEX issues_ready ON issues (priority, created_order, id) WHERE status = 'open' AND is_blocked = 0 AND pinned = 0 AND ephemeral = 0 AND issue_type NOT IN ('message','agent','role','rig','gate','molecule','merge-request','event','convoy')`,
  `CREATE INDEX issues_order ON issues (priority, created_order, id)`,
  `CREATE INDEX issues_assignee ON issues (assignee)`,
  `CREATE INDEX dependencies_target ON dependencies (depends_on_id, type)`,
  `CREATE INDEX labels_label ON labels (label)`,
  `CREATE INDEX comments_issue ON comments (issue_id)`,
]

/** 0001's tables that 0002 keeps, as PostgreSQL writes them. */
async function postgresInitial(db: Kysely<any>): Promise<void> {
  for (const q of [
    `CREATE TABLE events (id serial PRIMARY KEY, issue_id text NOT NULL, event_type text NOT NULL, actor text NOT NULL,
      old_value text, new_value text, comment text, created_at text NOT NULL)`,
    `CREATE INDEX events_issue ON events (issue_id, created_at)`,
    `CREATE TABLE child_counters (parent_id text PRIMARY KEY, last_child integer NOT NULL)`,
    `CREATE TABLE metadata (key text PRIMARY KEY, value text NOT NULL)`,
  ])
    await sql.raw(q.replace(/\s+/g, ' ')).execute(db)
}
