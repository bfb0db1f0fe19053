// The PostgreSQL floor: the least a `bd ready --json` on PostgreSQL can cost. A bare node script
// that connects with the same driver (pg) over the same socket, runs the same ready query
// (default filter, order and limit) in the workspace's schema and prints the rows as JSON.
//   node bench/floor-pg.mjs <connection-url> <schema>
import pg from 'pg'

const [url, schema] = process.argv.slice(2)
const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
await client.connect()
const { rows } = await client.query(
  `SELECT i.*, (SELECT coalesce(json_agg(l.label ORDER BY l.label), '[]') FROM labels l WHERE l.issue_id = i.id) AS labels,
    (SELECT count(*) FROM dependencies WHERE dependencies.issue_id = i.id) AS dependency_count,
    (SELECT count(*) FROM dependencies WHERE dependencies.depends_on_id = i.id) AS dependent_count,
    (SELECT count(*) FROM comments WHERE comments.issue_id = i.id) AS comment_count
  FROM issues i
  WHERE i.status = 'open' AND i.is_blocked = 0 AND i.pinned = 0 AND i.ephemeral = 0
    AND i.issue_type NOT IN ('message','agent','role','rig','gate','molecule','merge-request','event','convoy')
    AND (i.effective_defer_until IS NULL OR i.effective_defer_until <= $1)
  ORDER BY i.priority, i.created_order, i.id LIMIT 100`,
  [new Date().toISOString().slice(0, 23) + '000000Z'],
)
await client.end()
process.stdout.write(JSON.stringify(rows, null, 2) + '\n')
