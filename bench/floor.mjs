// The floor: the least any `bd ready --json` can cost. A bare node script that opens the same
// database with better-sqlite3, runs the same ready query (default filter, order and limit) and
// prints the rows as JSON. No CLI framework, no query builder, no workspace walk-up.
//   node bench/floor.mjs <beads.db>
import Database from 'better-sqlite3'

const db = new Database(process.argv[2], { readonly: true })
const rows = db
  .prepare(
    `SELECT i.*, (SELECT json_group_array(label) FROM (SELECT label FROM labels WHERE labels.issue_id = i.id ORDER BY label)) AS labels,
      (SELECT count(*) FROM dependencies WHERE dependencies.issue_id = i.id) AS dependency_count,
      (SELECT count(*) FROM dependencies WHERE dependencies.depends_on_id = i.id) AS dependent_count,
      (SELECT count(*) FROM comments WHERE comments.issue_id = i.id) AS comment_count
    FROM issues i
    WHERE i.status = 'open' AND i.is_blocked = 0 AND i.pinned = 0 AND i.ephemeral = 0
      AND i.issue_type NOT IN ('message','agent','role','rig','gate','molecule','merge-request','event','convoy')
      AND (i.effective_defer_until IS NULL OR i.effective_defer_until <= ?)
    ORDER BY i.priority, i.created_order, i.id LIMIT 100`,
  )
  .all(new Date().toISOString().slice(0, 23) + '000000Z')
for (const r of rows) r.labels = JSON.parse(r.labels)
process.stdout.write(JSON.stringify(rows, null, 2) + '\n')
