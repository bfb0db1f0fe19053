// Taskwarrior 2.6 on the same graph, for the "task ready" row: the beads written as Taskwarrior's
// own data files (pending.data / completed.data, one `[key:"value" …]` line per task), blocks edges
// as `depends`, defer dates as `wait`, labels as tags. Parent-child has no Taskwarrior equivalent;
// a child inherits its ancestors' blockers instead, so the ready sets match closely.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildGraph } from './generate.mjs'

const uuid = (i) => {
  const h = i.toString(16).padStart(12, '0')
  return `${h.slice(0, 8)}-0000-4000-8000-${h.slice(-12)}`
}
const esc = (s) => s.replace(/"/g, '&dquot;').replace(/\[/g, '&open;').replace(/\]/g, '&close;')
const epoch = (iso) => String(Math.floor(Date.parse(iso) / 1000))
const PRIORITY = ['H', 'H', 'M', 'L', 'L']

/** Writes `<dir>/taskrc` and `<dir>/data/*.data`; returns the argv prefix that points `task` at them. */
export function writeTaskData(dir, count, seed = 42) {
  const g = buildGraph(count, seed)
  const index = new Map(g.beads.map((b, i) => [b.id, i]))
  const byId = new Map(g.beads.map((b) => [b.id, b]))
  const tags = new Map()
  for (const [id, label] of g.labels) tags.set(id, [...(tags.get(id) ?? []), label])
  const blockersOf = (b) => [...b.blockers, ...(b.parent ? blockersOf(byId.get(b.parent)) : [])]
  const pending = []
  const completed = []
  for (const b of g.beads) {
    const fields = [
      `description:"${esc(b.title)}"`,
      `entry:"${epoch(b.created_at)}"`,
      `modified:"${epoch(b.updated_at)}"`,
      `priority:"${PRIORITY[b.priority]}"`,
      `uuid:"${uuid(index.get(b.id))}"`,
    ]
    const deps = [...new Set(blockersOf(b))].map((id) => uuid(index.get(id)))
    if (deps.length) fields.push(`depends:"${deps.join(',')}"`)
    if (tags.has(b.id)) fields.push(`tags:"${tags.get(b.id).join(',')}"`)
    if (b.status === 'closed') completed.push(`[${[...fields, `end:"${epoch(b.closed_at)}"`, 'status:"completed"'].sort().join(' ')}]`)
    else {
      const wait = b.effective_defer_until ?? (b.status === 'deferred' ? '2099-01-01T00:00:00.000Z' : null)
      if (b.status === 'in_progress') fields.push(`start:"${epoch(b.updated_at)}"`)
      if (wait) fields.push(`wait:"${epoch(wait)}"`)
      pending.push(`[${[...fields, wait ? 'status:"waiting"' : 'status:"pending"'].sort().join(' ')}]`)
    }
  }
  const data = join(dir, 'data')
  mkdirSync(data, { recursive: true })
  writeFileSync(join(data, 'pending.data'), pending.join('\n') + '\n')
  writeFileSync(join(data, 'completed.data'), completed.join('\n') + '\n')
  for (const f of ['undo.data', 'backlog.data']) writeFileSync(join(data, f), '')
  const rc = join(dir, 'taskrc')
  writeFileSync(rc, `data.location=${data}\n`)
  return {
    env: { TASKRC: rc, TASKDATA: data },
    argv: ['rc.gc=off', 'rc.hooks=off', 'rc.confirmation=off', 'rc.verbose=nothing', 'rc.color=off', 'rc.detection=off', 'rc.defaultwidth=200', 'ready'],
  }
}
