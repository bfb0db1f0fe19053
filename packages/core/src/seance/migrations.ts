import { sql } from 'kysely'
import type { Migration } from '../storage/migrate.js'

/**
 * The transcript index. Append-only, names prefixed `transcripts_` so the list can be appended to
 * the wt.db migrations (schema_migrations is keyed by name) without clashing.
 */
export const transcriptMigrations: readonly Migration[] = [
  {
    name: 'transcripts_0001_fts_index',
    async up(db) {
      // One row per transcript file; indexed_bytes is where the next incremental pass resumes (always
      // the end of a complete line).
      await db.schema
        .createTable('transcript_files')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('indexed_bytes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('indexed_at', 'text', (c) => c.notNull())
        .execute()
      // Passages (content blocks). porter folds "picked"/"picking", so a question finds the answer's
      // wording; the other columns ride along unindexed.
      await sql`CREATE VIRTUAL TABLE transcript_passages USING fts5(
        text, speaker UNINDEXED, kind UNINDEXED, timestamp UNINDEXED, uuid UNINDEXED, file_id UNINDEXED,
        tokenize = 'porter unicode61'
      )`.execute(db)
    },
  },
]
