import { type Kysely, sql } from 'kysely'
import { writeTransaction } from '../../storage/write-transaction.js'
import type { TrackerContext } from '../context.js'
import { refreshReadiness } from '../readiness.js'
import type { TrackerSchema } from '../schema.js'
import { jsonlIssues } from './export.js'
import { type ImportRecord, type JsonlIssue, type ParseResult, compareText, parseJsonl, serializeLine } from './format.js'

export interface ImportOptions {
  /** Plan only: report what would change, write nothing. */
  dryRun?: boolean
  /**
   * Sync of the workspace's own JSONL: a bead that is in the database but no longer in the file was
   * deleted in another clone (every write re-exports, so the file held every bead we knew of).
   */
  deleteMissing?: boolean
  /** Never deleted by `deleteMissing` (beads changed locally since the file was last written). */
  keep?: ReadonlySet<string>
  /** Called inside the write transaction after the merge (fingerprint bookkeeping or re-export). */
  after?: (trx: Kysely<TrackerSchema>, summary: ImportSummary) => Promise<void>
  onProgress?: (done: number, total: number) => void
  /** Event comment, e.g. "import from backup.jsonl". */
  source?: string
}

export interface ImportSummary {
  created: number
  updated: number
  unchanged: number
  /** Beads whose database copy is newer than the file's line (kept as they are; counted in unchanged). */
  kept_local: number
  deleted: number
  /** Lines not imported: beads' tombstones (deleted beads). */
  skipped: number
  lines: number
  dry_run: boolean
  warnings: string[]
}

type Plan = {
  creates: ImportRecord[]
  updates: ImportRecord[]
  /** New comments for beads whose fields are otherwise kept. */
  comments: Array<ImportRecord['comments'][number]>
  deletes: string[]
  summary: ImportSummary
}

const commentKey = (c: { author: string; text: string; created_at: string }) => `${c.author}\u0000${c.created_at}\u0000${c.text}`
const withoutComments = (i: JsonlIssue): JsonlIssue => {
  const { comments: _, ...rest } = i
  return rest as JsonlIssue
}

/** Two lines for one id (a union merge keeps both sides): the later updated_at wins; comments are pooled. */
function collapse(records: ImportRecord[], warnings: string[]): ImportRecord[] {
  const byId = new Map<string, ImportRecord>()
  for (const r of records) {
    const prev = byId.get(r.issue.id)
    if (!prev) {
      byId.set(r.issue.id, r)
      continue
    }
    const winner = r.issue.updated_at >= prev.issue.updated_at ? r : prev
    const seen = new Set(winner.comments.map(commentKey))
    const loser = winner === r ? prev : r
    const extra = loser.comments.filter((c) => !seen.has(commentKey(c)))
    warnings.push(`lines ${prev.line} and ${r.line} both describe ${r.issue.id}; the later update (line ${winner.line}) is kept`)
    byId.set(r.issue.id, { ...winner, comments: [...winner.comments, ...extra].sort((a, b) => compareText(a.created_at, b.created_at)) })
  }
  return [...byId.values()]
}

async function existingIds(db: Kysely<TrackerSchema>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('issues').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()
    for (const r of rows) found.add(r.id)
  }
  return found
}

async function plan(db: Kysely<TrackerSchema>, records: ImportRecord[], tombstones: string[], options: ImportOptions, warnings: string[]): Promise<Plan> {
  const incoming = collapse(records, warnings)
  const existing = new Map((await jsonlIssues(db, incoming.map((r) => r.issue.id))).map((i) => [i.id, i]))
  const creates: ImportRecord[] = []
  const updates: ImportRecord[] = []
  const comments: Plan['comments'] = []
  let unchanged = 0
  let kept_local = 0
  for (const r of incoming) {
    const old = existing.get(r.issue.id)
    if (!old) {
      creates.push(r)
      continue
    }
    const have = new Set((old.comments ?? []).map(commentKey))
    const fresh = r.comments.filter((c) => !have.has(commentKey(c)))
    const same = serializeLine(withoutComments(old)) === serializeLine(r.issue)
    if (!same && r.issue.updated_at >= old.updated_at) {
      updates.push({ ...r, comments: fresh })
      continue
    }
    if (!same) kept_local++
    if (fresh.length) comments.push(...fresh)
    unchanged++
  }
  const deletes: string[] = []
  if (options.deleteMissing) {
    const keep = new Set(incoming.map((r) => r.issue.id))
    const all = await db.selectFrom('issues').select('id').execute()
    for (const { id } of all) if (!keep.has(id) && !options.keep?.has(id)) deletes.push(id)
  }
  return {
    creates,
    updates,
    comments,
    deletes,
    summary: {
      created: creates.length,
      updated: updates.length,
      unchanged,
      kept_local,
      deleted: deletes.length,
      skipped: tombstones.length,
      lines: records.length + tombstones.length,
      dry_run: options.dryRun ?? false,
      warnings,
    },
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Merges a JSONL file into the database in one BEGIN IMMEDIATE transaction: unchanged lines are
 * skipped, otherwise the later `updated_at` wins; new ids are created; a bead's labels, edges and
 * comments come with it (comments are pooled, never dropped). Readiness is recomputed for every
 * bead touched and every bead that depends on one. Conflict markers or a bad line refuse the whole
 * file, naming the lines, before anything is written.
 */
export async function importJsonl(ctx: TrackerContext, content: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const parsed = parseJsonl(content, options.source ?? 'the JSONL file')
  if (options.dryRun) return (await plan(ctx.db, parsed.records, parsed.tombstones, options, parsed.warnings)).summary
  return writeTransaction(ctx.db, (trx) => importParsed(trx, ctx, parsed, options))
}

/** The merge itself, inside the caller's write transaction (the sync re-reads the file under the lock). */
export async function importParsed(trx: Kysely<TrackerSchema>, ctx: TrackerContext, parsed: ParseResult, options: ImportOptions = {}): Promise<ImportSummary> {
  const p = await plan(trx, parsed.records, parsed.tombstones, options, parsed.warnings)
  await apply(trx, ctx, p, options)
  // Lines change without a per-bead event trail here: the next JSONL export must be a full one.
  await trx.deleteFrom('metadata').where('key', '=', 'jsonl_event').execute()
  await options.after?.(trx, p.summary)
  return p.summary
}

async function apply(trx: Kysely<TrackerSchema>, ctx: TrackerContext, p: Plan, options: ImportOptions): Promise<void> {
  const { creates, updates, deletes } = p
  const writes = [...creates, ...updates]
  const total = writes.length + deletes.length
  let done = 0
  const progress = (n: number) => {
    done += n
    options.onProgress?.(done, total)
  }
  if (writes.length === 0 && deletes.length === 0 && p.comments.length === 0) return
  const now = (ctx.now?.() ?? new Date()).toISOString()
  const actor = ctx.actor()
  const note = options.source ? `import from ${options.source}` : 'import'
  const seeds = new Set<string>()

  // Beads deleted in another clone: their dependents must be re-evaluated, their edges cascade.
  for (const ids of chunks(deletes, 500)) {
    const dependents = await trx.selectFrom('dependencies').select('issue_id').where('depends_on_id', 'in', ids).execute()
    for (const d of dependents) seeds.add(d.issue_id)
    await trx.deleteFrom('issues').where('id', 'in', ids).execute()
    await trx.insertInto('events').values(ids.map((issue_id) => ({ issue_id, event_type: 'deleted' as const, actor, old_value: null, new_value: null, comment: `${note}: no longer in the file`, created_at: now }))).execute()
    progress(ids.length)
  }
  const deleted = new Set(deletes)
  for (const id of deleted) seeds.delete(id)

  // Edge targets must exist (in the file or the database); external_ref must stay unique.
  const writeIds = new Set(writes.map((r) => r.issue.id))
  const targets = [...new Set(writes.flatMap((r) => (r.issue.dependencies ?? []).map((d) => d.depends_on_id)))].filter((t) => !writeIds.has(t))
  const known = await existingIds(trx, targets)
  const refs = new Map<string, string>()
  const refList = writes.map((r) => r.issue.external_ref).filter((r): r is string => !!r)
  const holders = new Map<string, string>()
  for (const part of chunks(refList, 500)) {
    const rows = await trx.selectFrom('issues').select(['id', 'external_ref']).where('external_ref', 'in', part).execute()
    for (const r of rows) if (!writeIds.has(r.id)) holders.set(r.external_ref!, r.id)
  }

  const rows = writes.map((r) => {
    const i = r.issue
    let external_ref = i.external_ref ?? null
    if (external_ref) {
      const holder = holders.get(external_ref) ?? refs.get(external_ref)
      if (holder && holder !== i.id) {
        p.summary.warnings.push(`line ${r.line}: external_ref ${JSON.stringify(external_ref)} of ${i.id} is already used by ${holder}; dropped`)
        external_ref = null
      } else refs.set(external_ref, i.id)
    }
    return {
      id: i.id,
      title: i.title,
      description: i.description ?? '',
      design: i.design ?? '',
      acceptance_criteria: i.acceptance_criteria ?? '',
      notes: i.notes ?? '',
      status: i.status,
      priority: i.priority,
      issue_type: i.issue_type,
      assignee: i.assignee ?? null,
      external_ref,
      estimated_minutes: i.estimated_minutes ?? null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at ?? null,
      close_reason: i.close_reason ?? null,
      defer_until: i.defer_until ?? null,
      created_by: i.created_by ?? null,
      effective_defer_until: i.defer_until ?? null,
    }
  })

  // Updated beads take the file's labels and edges: clear theirs first. Their dependents are re-evaluated.
  for (const ids of chunks(updates.map((r) => r.issue.id), 500)) {
    await trx.deleteFrom('labels').where('issue_id', 'in', ids).execute()
    await trx.deleteFrom('dependencies').where('issue_id', 'in', ids).execute()
    const dependents = await trx.selectFrom('dependencies').select('issue_id').where('depends_on_id', 'in', ids).where('type', '=', 'blocks').execute()
    for (const d of dependents) seeds.add(d.issue_id)
  }
  // Free external refs held by beads being rewritten before any row claims them (UNIQUE is checked per row).
  for (const ids of chunks(updates.filter((r) => r.issue.external_ref).map((r) => r.issue.id), 500)) {
    await trx.updateTable('issues').set({ external_ref: null }).where('id', 'in', ids).execute()
  }
  for (const part of chunks(rows, 400)) {
    await trx
      .insertInto('issues')
      .values(part)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          design: eb.ref('excluded.design'),
          acceptance_criteria: eb.ref('excluded.acceptance_criteria'),
          notes: eb.ref('excluded.notes'),
          status: eb.ref('excluded.status'),
          priority: eb.ref('excluded.priority'),
          issue_type: eb.ref('excluded.issue_type'),
          assignee: eb.ref('excluded.assignee'),
          external_ref: eb.ref('excluded.external_ref'),
          estimated_minutes: eb.ref('excluded.estimated_minutes'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
          closed_at: eb.ref('excluded.closed_at'),
          close_reason: eb.ref('excluded.close_reason'),
          defer_until: eb.ref('excluded.defer_until'),
          created_by: eb.ref('excluded.created_by'),
          effective_defer_until: eb.ref('excluded.effective_defer_until'),
        })),
      )
      .execute()
    progress(part.length)
  }
  for (const id of writeIds) seeds.add(id)

  const labels = writes.flatMap((r) => (r.issue.labels ?? []).map((label) => ({ issue_id: r.issue.id, label })))
  for (const part of chunks(labels, 2000)) await trx.insertInto('labels').values(part).onConflict((oc) => oc.doNothing()).execute()

  const edges = writes.flatMap((r) =>
    (r.issue.dependencies ?? []).flatMap((d) => {
      if (deleted.has(d.depends_on_id) || (!writeIds.has(d.depends_on_id) && !known.has(d.depends_on_id))) {
        p.summary.warnings.push(`line ${r.line}: ${r.issue.id} depends on ${d.depends_on_id}, which does not exist; edge dropped`)
        return []
      }
      return [{ issue_id: d.issue_id, depends_on_id: d.depends_on_id, type: d.type, created_at: d.created_at, created_by: d.created_by ?? null }]
    }),
  )
  for (const part of chunks(edges, 1000)) await trx.insertInto('dependencies').values(part).onConflict((oc) => oc.doNothing()).execute()

  // Comments keep their ids when free (a fresh workspace reproduces them exactly), else get new ones.
  const newComments = [...writes.flatMap((r) => r.comments), ...p.comments].filter((c) => !deleted.has(c.issue_id))
  const wanted = newComments.map((c) => c.id).filter((id): id is number => id !== undefined)
  const taken = new Set<number>()
  for (const part of chunks(wanted, 500)) {
    for (const r of await trx.selectFrom('comments').select('id').where('id', 'in', part).execute()) taken.add(r.id)
  }
  const withId: Array<{ id: number; issue_id: string; author: string; text: string; created_at: string }> = []
  const withoutId: Array<{ issue_id: string; author: string; text: string; created_at: string }> = []
  for (const c of newComments) {
    const row = { issue_id: c.issue_id, author: c.author, text: c.text, created_at: c.created_at }
    if (c.id !== undefined && !taken.has(c.id)) {
      taken.add(c.id)
      withId.push({ id: c.id, ...row })
    } else withoutId.push(row)
  }
  for (const part of chunks(withId, 1000)) await trx.insertInto('comments').values(part).execute()
  for (const part of chunks(withoutId, 1000)) await trx.insertInto('comments').values(part).execute()

  const events = [
    ...creates.map((r) => ({ issue_id: r.issue.id, event_type: 'created' as const, actor, old_value: null, new_value: r.issue.title, comment: note, created_at: now })),
    ...updates.map((r) => ({ issue_id: r.issue.id, event_type: 'updated' as const, actor, old_value: null, new_value: null, comment: note, created_at: now })),
  ]
  for (const part of chunks(events, 1000)) await trx.insertInto('events').values(part).execute()

  // Child ids seen in the file advance their parent's counter, so a new child never reuses a number.
  const counters = new Map<string, number>()
  for (const r of writes) {
    const m = /^(.+)\.(\d+)$/.exec(r.issue.id)
    if (m) counters.set(m[1]!, Math.max(counters.get(m[1]!) ?? 0, Number(m[2])))
  }
  for (const part of chunks([...counters], 500)) {
    await trx
      .insertInto('child_counters')
      .values(part.map(([parent_id, last_child]) => ({ parent_id, last_child })))
      .onConflict((oc) => oc.column('parent_id').doUpdateSet({ last_child: sql`MAX(child_counters.last_child, excluded.last_child)` }))
      .execute()
  }

  await refreshReadiness(trx, seeds)
}
