import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../../storage/dialect.js'
import { writeTransaction } from '../../storage/write-transaction.js'
import type { TrackerContext } from '../context.js'
import { findCycles } from '../graph.js'
import { refreshReadiness } from '../readiness.js'
import type { TrackerSchema } from '../schema.js'
import { compareTimes, timeKey } from '../time-key.js'
import { type CommentRecord, type ImportRecord, type ParseResult, compareText, isTombstone, parseJsonl } from './format.js'

export interface ImportOptions {
  /** Plan only: report what would change, write nothing. */
  dryRun?: boolean
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
  /** Lines that are tombstones (deleted beads), imported and kept. */
  tombstones: number
  lines: number
  dry_run: boolean
  warnings: string[]
}

type Plan = {
  creates: ImportRecord[]
  updates: ImportRecord[]
  /** New comments for beads whose fields are otherwise kept. */
  comments: CommentRecord[]
  summary: ImportSummary
}

/** A record whose comments were pooled from another line of the same id: its line is no longer the file's. */
type Merged = ImportRecord & { pooled?: boolean }

const commentKey = (c: { author: string; text: string; created_at: string }) => `${c.author}\u0000${c.created_at}\u0000${c.text}`

/**
 * Of two lines for one id (a union merge keeps both sides), the later updated_at wins, compared at
 * full precision, whichever comes first in the file and whether or not either is a tombstone. On an
 * exact tie a tombstone wins (a deletion is never undone by a tie), else the greater line, so the
 * result never depends on line order. Comments are pooled. A pure rule on two parsed lines (a merge
 * driver can apply it to the sides of a merge as import does to a union-merged file).
 */
export function laterLine(a: ImportRecord, b: ImportRecord): ImportRecord {
  const byTime = compareTimes(a.bead.updated_at, b.bead.updated_at)
  if (byTime !== 0) return byTime > 0 ? a : b
  if (isTombstone(a) !== isTombstone(b)) return isTombstone(a) ? a : b
  return compareText(a.raw, b.raw) >= 0 ? a : b
}

function collapse(records: ImportRecord[], warnings: string[]): Merged[] {
  const byId = new Map<string, Merged>()
  for (const r of records) {
    const prev = byId.get(r.bead.id)
    if (!prev) {
      byId.set(r.bead.id, r)
      continue
    }
    if (prev.raw === r.raw) continue // the same line twice (both sides of a merge kept it): nothing to decide
    const winner = laterLine(r, prev)
    const loser = winner === r ? prev : r
    const seen = new Set(winner.comments.map(commentKey))
    const extra = loser.comments.filter((c) => !seen.has(commentKey(c)))
    warnings.push(`lines ${prev.line} and ${r.line} both describe ${r.bead.id}; the later update (line ${winner.line}) is kept`)
    byId.set(r.bead.id, extra.length ? { ...winner, comments: [...winner.comments, ...extra], pooled: true } : { ...winner, pooled: (winner as Merged).pooled })
  }
  return [...byId.values()]
}

interface Existing {
  updated_at: string
  source_line: string | null
  comments: Set<string>
}

async function existingBeads(db: Kysely<TrackerSchema>, ids: string[]): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>()
  for (const part of chunks(ids, 500)) {
    for (const r of await db.selectFrom('issues').select(['id', 'updated_at', 'source_line']).where('id', 'in', part).execute()) {
      found.set(r.id, { updated_at: r.updated_at, source_line: r.source_line, comments: new Set() })
    }
    for (const c of await db.selectFrom('comments').select(['issue_id', 'author', 'text', 'created_at']).where('issue_id', 'in', part).execute()) {
      found.get(c.issue_id)?.comments.add(commentKey(c))
    }
  }
  return found
}

async function plan(db: Kysely<TrackerSchema>, records: ImportRecord[], options: ImportOptions, warnings: string[]): Promise<Plan> {
  const incoming = collapse(records, warnings)
  const existing = await existingBeads(
    db,
    incoming.map((r) => r.bead.id),
  )
  const creates: ImportRecord[] = []
  const updates: ImportRecord[] = []
  const comments: Plan['comments'] = []
  let unchanged = 0
  let kept_local = 0
  for (const r of incoming) {
    const old = existing.get(r.bead.id)
    if (!old) {
      creates.push(r)
      continue
    }
    const fresh = r.comments.filter((c) => !old.comments.has(commentKey(c)))
    // The same line as the one remembered: nothing to change (a second import of a file reports 0 changes).
    const same = old.source_line === r.raw
    if (!same && compareTimes(r.bead.updated_at, old.updated_at) >= 0) {
      updates.push({ ...r, comments: fresh })
      continue
    }
    if (!same) kept_local++
    if (fresh.length) comments.push(...fresh)
    unchanged++
  }
  return {
    creates,
    updates,
    comments,
    summary: {
      created: creates.length,
      updated: updates.length,
      unchanged,
      kept_local,
      tombstones: records.filter(isTombstone).length,
      lines: records.length,
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
  if (options.dryRun) return (await plan(ctx.db, parsed.records, options, parsed.warnings)).summary
  return writeTransaction(ctx.db, (trx) => importParsed(trx, ctx, parsed, options))
}

/** The merge itself, inside the caller's write transaction (the sync re-reads the file under the lock). */
export async function importParsed(trx: Kysely<TrackerSchema>, ctx: TrackerContext, parsed: ParseResult, options: ImportOptions = {}): Promise<ImportSummary> {
  const p = await plan(trx, parsed.records, options, parsed.warnings)
  await apply(trx, ctx, p, options)
  // Lines change without a per-bead event trail here: the next JSONL export must be a full one.
  await trx.deleteFrom('metadata').where('key', '=', 'jsonl_event').execute()
  await options.after?.(trx, p.summary)
  return p.summary
}

async function apply(trx: Kysely<TrackerSchema>, ctx: TrackerContext, p: Plan, options: ImportOptions): Promise<void> {
  const { creates, updates } = p
  const writes = [...creates, ...updates]
  const total = writes.length
  let done = 0
  const progress = (n: number) => {
    done += n
    options.onProgress?.(done, total)
  }
  if (writes.length === 0 && p.comments.length === 0) return
  const now = (ctx.now?.() ?? new Date()).toISOString()
  const actor = ctx.actor()
  const note = options.source ? `import from ${options.source}` : 'import'
  const seeds = new Set<string>()

  // external_ref must stay unique.
  const writeIds = new Set(writes.map((r) => r.bead.id))
  const refs = new Map<string, string>()
  const refList = writes.map((r) => r.bead.external_ref).filter((r): r is string => !!r)
  const holders = new Map<string, string>()
  for (const part of chunks(refList, 500)) {
    const rows = await trx.selectFrom('issues').select(['id', 'external_ref']).where('external_ref', 'in', part).execute()
    for (const r of rows) if (!writeIds.has(r.id)) holders.set(r.external_ref!, r.id)
  }

  const rows = writes.map((r) => {
    const i = r.bead
    let external_ref = i.external_ref
    if (external_ref) {
      const holder = holders.get(external_ref) ?? refs.get(external_ref)
      if (holder && holder !== i.id) {
        p.summary.warnings.push(
          `line ${r.line}: external_ref ${JSON.stringify(external_ref)} of ${i.id} is already used by ${holder}; not indexed (the line keeps it)`,
        )
        external_ref = null
      } else refs.set(external_ref, i.id)
    }
    return {
      ...i,
      external_ref,
      created_order: timeKey(i.created_at)!,
      effective_defer_until: i.defer_until === null ? null : timeKey(i.defer_until)!,
      source_line: r.raw,
      line_current: (r as Merged).pooled ? 0 : 1,
      pinned: r.pinned ? 1 : 0,
      ephemeral: r.ephemeral ? 1 : 0,
    }
  })

  // Updated beads take the file's labels and edges: clear theirs first. Their dependents are re-evaluated.
  for (const ids of chunks(
    updates.map((r) => r.bead.id),
    500,
  )) {
    await trx.deleteFrom('labels').where('issue_id', 'in', ids).execute()
    await trx.deleteFrom('dependencies').where('issue_id', 'in', ids).execute()
    const dependents = await trx.selectFrom('dependencies').select('issue_id').where('depends_on_id', 'in', ids).execute()
    for (const d of dependents) seeds.add(d.issue_id)
  }
  // Free external refs held by beads being rewritten before any row claims them (UNIQUE is checked per row).
  for (const ids of chunks(
    updates.filter((r) => r.bead.external_ref).map((r) => r.bead.id),
    500,
  )) {
    await trx.updateTable('issues').set({ external_ref: null }).where('id', 'in', ids).execute()
  }
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id') as Array<keyof (typeof rows)[number]>
  for (const part of chunks(rows, 400)) {
    await trx
      .insertInto('issues')
      .values(part)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute()
    progress(part.length)
  }
  for (const id of writeIds) seeds.add(id)

  const labels = writes.flatMap((r) => r.labels.map((label) => ({ issue_id: r.bead.id, label })))
  for (const part of chunks(labels, 2000))
    await trx
      .insertInto('labels')
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute()

  // Every edge is kept, whatever its type and whether or not its target exists here.
  const edges = writes.flatMap((r) => r.dependencies)
  for (const part of chunks(edges, 1000))
    await trx
      .insertInto('dependencies')
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute()

  // Comments keep their ids when free (a fresh workspace reproduces them exactly), else get new ones.
  const newComments = [...writes.flatMap((r) => r.comments), ...p.comments]
  const wanted = newComments.map((c) => c.id).filter((id): id is number => id !== undefined)
  const taken = new Set<number>()
  for (const part of chunks(wanted, 500)) {
    for (const r of await trx.selectFrom('comments').select('id').where('id', 'in', part).execute()) taken.add(r.id)
  }
  const withId: Array<{ id: number; issue_id: string; author: string; text: string; created_at: string; source: string | null }> = []
  const withoutId: Array<{ issue_id: string; author: string; text: string; created_at: string; source: string | null }> = []
  for (const c of newComments) {
    const row = { issue_id: c.issue_id, author: c.author, text: c.text, created_at: c.created_at, source: c.source }
    if (c.id !== undefined && !taken.has(c.id)) {
      taken.add(c.id)
      withId.push({ id: c.id, ...row })
    } else withoutId.push(row)
  }
  for (const part of chunks(withId, 1000)) await trx.insertInto('comments').values(part).execute()
  for (const part of chunks(withoutId, 1000)) await trx.insertInto('comments').values(part).execute()
  // A kept bead that gained comments from another line of its id: its remembered line lacks them.
  for (const ids of chunks([...new Set(p.comments.map((c) => c.issue_id))], 500))
    await trx.updateTable('issues').set({ line_current: 0 }).where('id', 'in', ids).execute()

  const events = [
    ...creates.map((r) => ({
      issue_id: r.bead.id,
      event_type: 'created' as const,
      actor,
      old_value: null,
      new_value: r.bead.title,
      comment: note,
      created_at: now,
    })),
    ...updates.map((r) => ({ issue_id: r.bead.id, event_type: 'updated' as const, actor, old_value: null, new_value: null, comment: note, created_at: now })),
  ]
  for (const part of chunks(events, 1000)) await trx.insertInto('events').values(part).execute()

  // Child ids seen in the file advance their parent's counter, so a new child never reuses a number.
  const counters = new Map<string, number>()
  for (const r of writes) {
    const m = /^(.+)\.(\d+)$/.exec(r.bead.id)
    if (m) counters.set(m[1]!, Math.max(counters.get(m[1]!) ?? 0, Number(m[2])))
  }
  for (const part of chunks([...counters], 500)) {
    await trx
      .insertInto('child_counters')
      .values(part.map(([parent_id, last_child]) => ({ parent_id, last_child })))
      .onConflict((oc) =>
        oc.column('parent_id').doUpdateSet({ last_child: dialectOf(trx).greatest(sql.ref('child_counters.last_child'), sql.ref('excluded.last_child')) }),
      )
      .execute()
  }

  await refreshReadiness(trx, seeds)

  // Reported, not refused: the file is someone's shared state, and `bd dep remove` mends it.
  if (edges.length) {
    for (const cycle of await findCycles(trx)) {
      if (cycle.some((id) => writeIds.has(id)))
        p.summary.warnings.push(`dependency cycle ${[...cycle, cycle[0]].join(' → ')}: these beads never become ready (remove one edge with bd dep remove)`)
    }
  }
}
