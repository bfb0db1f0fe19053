// The plain CommonJS floor: what a bare script costs that requires better-sqlite3, runs the same
// ready query as bench/floor.mjs and prints JSON — no ES module loader, no framework, no builder.
// `bd ready --json` is budgeted at ≤ 1.3× this, every other bd command at ≤ 1.5×.
//   node bench/floor.cjs <beads.db>
const Database = require('better-sqlite3')

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
