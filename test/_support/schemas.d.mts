/** db/schema.sql and db/wt-schema.sql as freshly migrated databases dump them. */
export function schemaSnapshots(): Promise<Record<'schema.sql' | 'wt-schema.sql', string>>
