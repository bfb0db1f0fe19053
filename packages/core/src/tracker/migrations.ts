import { sql } from 'kysely'
import type { Migration } from '../storage/migrate.js'

/** Append-only. Inline (no folder scanning) so a bundle carries them. */
export const trackerMigrations: readonly Migration[] = [
  {
    name: '0001_initial',
    async up(db) {
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
]
