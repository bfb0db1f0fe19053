import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../storage/dialect.js'
import { applyFilter, applySort, type IssueFilter, normalizeFilter, toSort } from './filters.js'
import { countColumns, toReadyIssue } from './queries.js'
import { issueColumns } from './rows.js'
import type { TrackerSchema } from './schema.js'
import type { ListFilter, ReadyIssue } from './types.js'
import { parseLimit } from './values.js'
import { DomainError } from '../errors.js'

const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Case-insensitive substring search over title, description and id, with the list filters.
 * As in beads, every status is searched unless --status narrows it; default limit 50.
 * Items carry dependency_count, dependent_count and comment_count (beads' search shape).
 */
export async function searchIssues(db: Kysely<TrackerSchema>, query: string, f: ListFilter & { parentId?: string }): Promise<ReadyIssue[]> {
  const q = query.trim()
  if (!q) throw new DomainError('INVALID_VALUE', 'search query must not be empty', { hint: 'Give some words to look for, e.g. bd search "login bug".' })
  const filter = normalizeFilter<IssueFilter>(f)
  const limit = f.limit === undefined ? 50 : parseLimit(f.limit)
  const ascii = /^[\x00-\x7f]*$/.test(q)
  const pattern = likePattern(q)
  let qb = db.selectFrom('issues').select(issueColumns(db)).select(countColumns)
  // SQLite's LIKE folds ASCII letters only (and PostgreSQL's ILIKE under the C locale): a query with
  // other letters is matched in JS instead, so both backends find the same beads.
  const like = (column: 'title' | 'description' | 'id') => dialectOf(db).likeFolded(sql.ref(`issues.${column}`), pattern)
  if (ascii) qb = qb.where(sql<boolean>`(${like('title')} OR ${like('description')} OR ${like('id')})`)
  qb = applySort(applyFilter(qb, filter), toSort(f.sort))
  if (ascii && limit > 0) qb = qb.limit(limit)
  let rows = await qb.execute()
  if (!ascii) {
    const needle = q.toLocaleLowerCase()
    rows = rows.filter((r) => [r.title, r.description, r.id].some((t) => t.toLocaleLowerCase().includes(needle)))
    if (limit > 0) rows = rows.slice(0, limit)
  }
  return rows.map(toReadyIssue)
}
