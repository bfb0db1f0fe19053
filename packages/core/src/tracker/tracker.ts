import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import { type TrackerContext, nowOf, recordEvent, write } from './context.js'
import { createIssue } from './create.js'
import { addDependency, dependencyTree, type Direction, linkedIssues, missingDependencies, removeDependency } from './dependencies.js'
import { findCycles } from './graph.js'
import { blockedIssues, listIssues, readyIssueById, readyIssues, readyQuery } from './queries.js'
import { resolveId, resolveIds } from './resolve-id.js'
import { issueColumns, toIssue } from './rows.js'
import type { TrackerSchema } from './schema.js'
import type {
  BlockedIssue,
  Comment,
  CreateInput,
  DependencyChange,
  EventRecord,
  Issue,
  IssueDetails,
  LinkedIssue,
  ListFilter,
  ReadyFilter,
  ReadyIssue,
  TreeNode,
  UpdateInput,
} from './types.js'
import { claimInTransaction, leaseNeedsClaim, releaseExpiredLeases } from './claims.js'
import { closeIssues, reopenIssues, updateIssues } from './update.js'
import { dialectOf } from '../storage/dialect.js'
import { parseDependencyType } from './values.js'
// The commands beyond the hot path load their modules on first use: start-up is paid by every call.
import type { LabelChange, LabelCount } from './labels.js'
import type { CountResult, Stats } from './stats.js'
import type { DeleteResult } from './delete.js'
import type { ImportSummary } from './jsonl/import.js'
import type { SyncResult } from './jsonl/sync.js'
import type { DoctorReport } from './doctor.js'
import type { Explanation } from './explain.js'
import type { WorkPlan } from './plan.js'

/** The tracker service: every rule of BD_SPEC lives behind these methods. */
export class Tracker {
  constructor(readonly ctx: TrackerContext) {}

  get db(): Kysely<TrackerSchema> {
    return this.ctx.db
  }

  get prefix(): string {
    return this.ctx.prefix
  }

  private now(): Date {
    return this.ctx.now?.() ?? new Date()
  }

  resolveId(input: string): Promise<string> {
    return resolveId(this.db, this.prefix, input)
  }

  async get(id: string): Promise<Issue> {
    const row = await this.db.selectFrom('issues').select(issueColumns(this.db)).where('issues.id', '=', id).executeTakeFirst()
    if (!row) throw new DomainError('NOT_FOUND', `no bead matches ${JSON.stringify(id)}`)
    return toIssue(row)
  }

  private getMany(ids: string[]): Promise<Issue[]> {
    return Promise.all(ids.map((id) => this.get(id)))
  }

  async create(input: CreateInput): Promise<Issue> {
    return this.get(await createIssue(this.ctx, input))
  }

  async show(inputs: readonly string[]): Promise<IssueDetails[]> {
    await releaseExpiredLeases(this.ctx)
    const ids = await resolveIds(this.db, this.prefix, inputs)
    return Promise.all(
      ids.map(async (id) => {
        const missing = await missingDependencies(this.db, id)
        return {
          ...(await this.get(id)),
          dependencies: await linkedIssues(this.db, id, 'down'),
          dependents: await linkedIssues(this.db, id, 'up'),
          comments: await this.comments(id),
          ...(missing.length ? { missing_dependencies: missing } : {}),
        }
      }),
    )
  }

  async list(filter: ListFilter = {}): Promise<Issue[]> {
    await releaseExpiredLeases(this.ctx)
    return listIssues(this.db, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined })
  }

  async ready(filter: ReadyFilter & { lease?: string } = {}): Promise<ReadyIssue[]> {
    if (filter.lease !== undefined) throw leaseNeedsClaim()
    await releaseExpiredLeases(this.ctx)
    return readyIssues(this.db, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined }, this.now())
  }

  /**
   * Picks the first ready bead and claims it in one write transaction: no two callers get the same
   * bead. On PostgreSQL the pick is `FOR UPDATE SKIP LOCKED`: concurrent claimers from any machine
   * take different beads instead of queueing on one.
   */
  async claimReady(filter: ReadyFilter & { lease?: string } = {}): Promise<ReadyIssue | undefined> {
    const { parseLease } = await import('./values.js')
    const leaseMs = filter.lease === undefined ? undefined : parseLease(filter.lease)
    const parentId = filter.parent ? await this.resolveId(filter.parent) : undefined
    await releaseExpiredLeases(this.ctx)
    const claimed = await write(
      this.ctx,
      async (trx) => {
        // The first ready bead this actor may claim: one assigned to someone else is theirs to take.
        const actor = this.ctx.actor()
        let pick = readyQuery(trx, { ...filter, parentId, limit: 1 }, this.now()).where((eb) =>
          eb.or([eb('issues.assignee', 'is', null), eb('issues.assignee', '=', ''), eb('issues.assignee', '=', actor)]),
        )
        if (dialectOf(trx).skipLocked) pick = pick.forUpdate('issues').skipLocked()
        const first = await pick.executeTakeFirst()
        if (!first) return undefined
        await claimInTransaction(trx, this.ctx, first.id, leaseMs)
        return first.id
      },
      { serialize: false },
    )
    if (!claimed) return undefined
    return readyIssueById(this.db, claimed)
  }

  /**
   * Why each bead is or is not ready, by the rules `ready` follows: the given beads, or every bead
   * `list` shows for `filter` (ready ones first, each group in list order).
   */
  async explain(target: { ids: readonly string[] } | { filter: ListFilter }): Promise<Explanation[]> {
    const [{ loadWorkGraph }, { Readiness }] = await Promise.all([import('./work-graph.js'), import('./explain.js')])
    const ids = 'ids' in target ? await resolveIds(this.db, this.prefix, target.ids) : (await this.list({ ...target.filter, limit: 0 })).map((i) => i.id)
    const rules = new Readiness(await loadWorkGraph(this.db, { closed: true }), this.now())
    const all = ids.flatMap((id) => {
      const row = rules.graph.index.get(id)
      return row === undefined ? [] : [rules.explain(row)]
    })
    return 'ids' in target ? all : [...all.filter((e) => e.ready), ...all.filter((e) => !e.ready)]
  }

  /**
   * `bd plan`: waves, critical path and, with `workers`, that many tracks (plan.ts), listing the
   * first `limit` beads of each (0 or unset: all). Titles are looked up for the listed beads only.
   */
  async plan(options: { workers?: string | number; limit?: number } = {}): Promise<WorkPlan> {
    const [{ loadWorkGraph, loadTitles }, { planWork, parseWorkers, listedIds }] = await Promise.all([import('./work-graph.js'), import('./plan.js')])
    const workers = options.workers === undefined ? undefined : parseWorkers(options.workers)
    const plan = planWork(await loadWorkGraph(this.db, { titles: false }), this.now(), { workers, limit: options.limit })
    const titles = await loadTitles(this.db, listedIds(plan))
    for (const w of plan.waves) for (const b of w.beads) b.title = titles.get(b.id) ?? ''
    for (const h of plan.held) h.title = titles.get(h.id) ?? ''
    return plan
  }

  async blocked(filter: ReadyFilter = {}): Promise<BlockedIssue[]> {
    return blockedIssues(this.db, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined })
  }

  async update(inputs: readonly string[], input: UpdateInput): Promise<Issue[]> {
    return this.getMany(await updateIssues(this.ctx, inputs, input))
  }

  async claim(input: string): Promise<Issue> {
    const [issue] = await this.update([input], { claim: true })
    return issue!
  }

  async close(inputs: readonly string[], options: { reason?: string; force?: boolean } = {}): Promise<Issue[]> {
    return this.getMany(await closeIssues(this.ctx, inputs, options))
  }

  async reopen(inputs: readonly string[], options: { reason?: string } = {}): Promise<Issue[]> {
    return this.getMany(await reopenIssues(this.ctx, inputs, options))
  }

  addDependency(issue: string, dependsOn: string, type = 'blocks'): Promise<DependencyChange> {
    return addDependency(this.ctx, issue, dependsOn, type)
  }

  removeDependency(issue: string, dependsOn: string): Promise<DependencyChange> {
    return removeDependency(this.ctx, issue, dependsOn)
  }

  async dependencies(input: string, options: { direction?: Direction; type?: string } = {}): Promise<LinkedIssue[]> {
    const id = await this.resolveId(input)
    return linkedIssues(this.db, id, options.direction ?? 'down', options.type ? parseDependencyType(options.type) : undefined)
  }

  async tree(input: string, options: { direction?: Direction; maxDepth?: number } = {}): Promise<TreeNode[]> {
    return dependencyTree(this.db, await this.resolveId(input), options.direction ?? 'down', options.maxDepth)
  }

  cycles(): Promise<string[][]> {
    return findCycles(this.db)
  }

  async comments(input: string): Promise<Comment[]> {
    const id = await this.resolveId(input)
    return this.db
      .selectFrom('comments')
      .select(['id', 'issue_id', 'author', 'text', 'created_at'])
      .where('issue_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  }

  async addComment(input: string, text: string): Promise<Comment> {
    if (text.trim() === '') throw new DomainError('INVALID_VALUE', 'comment text must not be empty')
    return write(this.ctx, async (trx) => {
      const issue_id = await resolveId(trx, this.prefix, input)
      const created_at = nowOf(this.ctx)
      const author = this.ctx.actor()
      const row = await trx.insertInto('comments').values({ issue_id, author, text, created_at }).returning('id').executeTakeFirstOrThrow()
      await trx.updateTable('issues').set({ updated_at: created_at }).where('id', '=', issue_id).execute()
      await recordEvent(trx, this.ctx, { issue_id, event_type: 'commented', new_value: text })
      return { id: row.id, issue_id, author, text, created_at }
    })
  }

  async labels(input: string): Promise<string[]> {
    const { labelsOf } = await import('./labels.js')
    return labelsOf(this.db, await this.resolveId(input))
  }

  async addLabel(inputs: readonly string[], label: string): Promise<LabelChange[]> {
    const { changeLabel } = await import('./labels.js')
    return changeLabel(this.ctx, inputs, label, 'add')
  }

  async removeLabel(inputs: readonly string[], label: string): Promise<LabelChange[]> {
    const { changeLabel } = await import('./labels.js')
    return changeLabel(this.ctx, inputs, label, 'remove')
  }

  async allLabels(): Promise<LabelCount[]> {
    const { allLabels } = await import('./labels.js')
    return allLabels(this.db)
  }

  async search(query: string, filter: ListFilter = {}): Promise<ReadyIssue[]> {
    const { searchIssues } = await import('./search.js')
    return searchIssues(this.db, query, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined })
  }

  async stats(): Promise<Stats> {
    const { stats } = await import('./stats.js')
    return stats(this.db, this.now())
  }

  async count(filter: ListFilter = {}, by?: string): Promise<CountResult> {
    const { countIssues, parseCountGroup } = await import('./stats.js')
    const group = by === undefined ? undefined : parseCountGroup(by)
    return countIssues(this.db, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined }, group)
  }

  async stale(days: number | string = 30, filter: ListFilter = {}): Promise<Issue[]> {
    const { staleIssues } = await import('./stats.js')
    return staleIssues(this.db, days, { ...filter, parentId: filter.parent ? await this.resolveId(filter.parent) : undefined }, this.now())
  }

  /** Without `force`: what would be removed and what would become ready; nothing changes. */
  async delete(inputs: readonly string[], options: { force?: boolean } = {}): Promise<DeleteResult> {
    const { deleteIssues } = await import('./delete.js')
    return deleteIssues(this.ctx, inputs, options)
  }

  /** The whole tracker in the beads JSONL format (what `.beads/issues.jsonl` holds). */
  async exportJsonl(): Promise<string> {
    const { exportJsonl } = await import('./jsonl/export.js')
    return exportJsonl(this.db)
  }

  /** Merges JSONL content (see jsonl/import.ts); re-exports the workspace JSONL when anything changed. */
  async importJsonl(
    content: string,
    options: { dryRun?: boolean; source?: string; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ImportSummary> {
    const { importJsonl } = await import('./jsonl/import.js')
    return importJsonl(this.ctx, content, {
      ...options,
      // The export hook leaves the file alone when its bytes would not change.
      after: async (trx) => this.ctx.afterWrite?.(trx),
    })
  }

  /** Re-reads a workspace JSONL (`path`: its `.beads/issues.jsonl`) as every command does after a pull; `force` even when unchanged. */
  async syncFromJsonl(
    path: string,
    options: { force?: boolean; dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<SyncResult | undefined> {
    const { syncFromJsonl } = await import('./jsonl/sync.js')
    return syncFromJsonl(this.ctx, path, options)
  }

  /** Writes every bead as JSONL to `file` atomically (the workspace's own file through its export hook); the count written. */
  async writeJsonlFile(file: string, workspaceJsonl?: string): Promise<number> {
    const { writeJsonlFile } = await import('./jsonl/sync.js')
    return writeJsonlFile(this.ctx, file, workspaceJsonl)
  }

  /** The pre-commit hook's export of a deferred JSONL at `path`: true when the file changed. */
  async flushJsonl(path: string): Promise<boolean> {
    const { flushJsonl } = await import('./jsonl/sync.js')
    return flushJsonl(this.ctx, path)
  }

  /** `bd doctor`: checks the database and its JSONL; with `fix`, repairs what can be repaired safely. */
  async doctor(where: { dbPath: string; jsonlPath?: string }, options: { fix?: boolean } = {}): Promise<DoctorReport> {
    const { runDoctor } = await import('./doctor.js')
    return runDoctor(this.ctx, where, options)
  }

  /** What an agent needs at session start: counts, its in-progress beads, the top of the ready queue. */
  async primer(): Promise<{ prefix: string; summary: Stats['summary']; in_progress: Issue[]; ready: ReadyIssue[] }> {
    const [{ summary }, in_progress, ready] = await Promise.all([this.stats(), this.list({ status: ['in_progress'], limit: 10 }), this.ready({ limit: 5 })])
    return { prefix: this.prefix, summary, in_progress, ready }
  }

  async events(input: string): Promise<EventRecord[]> {
    const id = await this.resolveId(input)
    return this.db.selectFrom('events').selectAll().where('issue_id', '=', id).orderBy('id').execute()
  }
}
