import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import { type TrackerContext, nowOf, recordEvent, touch, write } from './context.js'
import { parseDeferUntil } from './dates.js'
import { assertEdgeAllowed } from './graph.js'
import { childId, hashLength, randomHash, validateExplicitId } from './ids.js'
import { refreshReadiness } from './readiness.js'
import { timeKey } from './time-key.js'
import { resolveId } from './resolve-id.js'
import type { DependencyType, TrackerSchema } from './schema.js'
import type { CreateInput } from './types.js'
import { parseDependencyType, parseEstimate, parseIssueType, parsePriority, parseStatus, validateLabel, validateTitle } from './values.js'

export interface DepSpec {
  /** `blocked-by` (the new bead waits on target) or `blocks` (target waits on the new bead), or any other edge type from the new bead. */
  direction: 'new-depends-on' | 'target-depends-on'
  type: DependencyType
  target: string
}

/** `X` / `blocked-by:X` → new bead blocked by X; `blocks:X` → X blocked by new bead; `type:X` → edge of that type. */
export function parseDepSpec(spec: string): DepSpec {
  const i = spec.indexOf(':')
  if (i < 0) return { direction: 'new-depends-on', type: 'blocks', target: spec.trim() }
  const kind = spec.slice(0, i).trim().toLowerCase()
  const target = spec.slice(i + 1).trim()
  if (!target)
    throw new DomainError('INVALID_DEPENDENCY', `invalid dependency: ${JSON.stringify(spec)}`, {
      hint: 'Use ID, blocked-by:ID, blocks:ID, related:ID or discovered-from:ID.',
    })
  if (kind === 'blocked-by') return { direction: 'new-depends-on', type: 'blocks', target }
  if (kind === 'blocks') return { direction: 'target-depends-on', type: 'blocks', target }
  return { direction: 'new-depends-on', type: parseDependencyType(kind), target }
}

export interface ValidCreate {
  title: string
  priority: number
  issue_type: ReturnType<typeof parseIssueType>
  status: ReturnType<typeof parseStatus>
  defer_until: string | null
  estimated_minutes: number | null
  labels: string[]
  deps: DepSpec[]
}

/** Every value checked before the transaction opens: a bad one changes nothing. */
export function validateCreate(input: CreateInput, now: Date): ValidCreate {
  const status = input.status === undefined ? 'open' : parseStatus(input.status)
  if (status === 'closed') throw new DomainError('INVALID_STATUS', 'cannot create a bead as closed', { hint: 'Create it, then `bd close` it.' })
  return {
    title: validateTitle(input.title ?? ''),
    priority: input.priority === undefined ? 2 : parsePriority(input.priority),
    issue_type: input.issue_type === undefined ? 'task' : parseIssueType(input.issue_type),
    status,
    defer_until: input.defer_until === undefined ? null : parseDeferUntil(input.defer_until, now),
    estimated_minutes: input.estimated_minutes === undefined ? null : parseEstimate(input.estimated_minutes),
    labels: [...new Set((input.labels ?? []).map(validateLabel))],
    deps: (input.deps ?? []).map(parseDepSpec),
  }
}

async function newId(trx: Kysely<TrackerSchema>, ctx: TrackerContext, input: CreateInput, parentId: string | undefined): Promise<string> {
  if (input.id) {
    const id = validateExplicitId(input.id.trim().toLowerCase(), ctx.prefix)
    const taken = await trx.selectFrom('issues').select('id').where('id', '=', id).executeTakeFirst()
    if (taken) throw new DomainError('DUPLICATE', `a bead with id ${id} already exists`)
    return id
  }
  if (parentId) {
    // The counter only grows, so a deleted child's number is never handed out again.
    for (;;) {
      const row = await sql<{ last_child: number }>`
        INSERT INTO child_counters (parent_id, last_child) VALUES (${parentId}, 1)
        ON CONFLICT (parent_id) DO UPDATE SET last_child = child_counters.last_child + 1
        RETURNING last_child`.execute(trx)
      const id = childId(parentId, row.rows[0]!.last_child)
      if (!(await trx.selectFrom('issues').select('id').where('id', '=', id).executeTakeFirst())) return id
    }
  }
  const { count } = await trx
    .selectFrom('issues')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  const length = hashLength(Number(count))
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = `${ctx.prefix}-${await randomHash(length + Math.floor(attempt / 5))}`
    if (!(await trx.selectFrom('issues').select('id').where('id', '=', id).executeTakeFirst())) return id
  }
  throw new DomainError('FAILED', 'could not find a free id after 20 attempts')
}

export async function createIssue(ctx: TrackerContext, input: CreateInput): Promise<string> {
  const now = nowOf(ctx)
  const v = validateCreate(input, new Date(now))
  return write(ctx, async (trx) => {
    const parentId = input.parent ? await resolveId(trx, ctx.prefix, input.parent) : undefined
    const externalRef = input.external_ref?.trim() || null
    if (externalRef) {
      const holder = await trx.selectFrom('issues').select('id').where('external_ref', '=', externalRef).executeTakeFirst()
      if (holder) throw new DomainError('DUPLICATE', `external ref ${JSON.stringify(externalRef)} is already used by ${holder.id}`)
    }
    const id = await newId(trx, ctx, input, parentId)
    await trx
      .insertInto('issues')
      .values({
        id,
        title: v.title,
        description: input.description ?? '',
        design: input.design ?? '',
        acceptance_criteria: input.acceptance_criteria ?? '',
        notes: input.notes ?? '',
        status: v.status,
        priority: v.priority,
        issue_type: v.issue_type,
        assignee: input.assignee?.trim() || null,
        external_ref: externalRef,
        estimated_minutes: v.estimated_minutes,
        created_at: now,
        updated_at: now,
        closed_at: null,
        close_reason: null,
        defer_until: v.defer_until,
        created_by: ctx.actor(),
        created_order: timeKey(now)!,
        effective_defer_until: v.defer_until === null ? null : timeKey(v.defer_until)!,
      })
      .execute()
    if (v.labels.length)
      await trx
        .insertInto('labels')
        .values(v.labels.map((label) => ({ issue_id: id, label })))
        .execute()
    await recordEvent(trx, ctx, { issue_id: id, event_type: 'created', new_value: v.title })

    const seeds = [id]
    const edges: Array<{ issue_id: string; depends_on_id: string; type: DependencyType }> = []
    if (parentId) edges.push({ issue_id: id, depends_on_id: parentId, type: 'parent-child' })
    for (const dep of v.deps) {
      const target = await resolveId(trx, ctx.prefix, dep.target)
      if (dep.direction === 'target-depends-on') {
        edges.push({ issue_id: target, depends_on_id: id, type: dep.type })
        seeds.push(target)
      } else edges.push({ issue_id: id, depends_on_id: target, type: dep.type })
    }
    for (const edge of edges) {
      await assertEdgeAllowed(trx, edge.issue_id, edge.depends_on_id, edge.type)
      await trx
        .insertInto('dependencies')
        .values({ ...edge, created_at: now, created_by: ctx.actor() })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await recordEvent(trx, ctx, {
        issue_id: edge.issue_id,
        event_type: 'dependency_added',
        new_value: { depends_on_id: edge.depends_on_id, type: edge.type },
      })
    }
    // `blocks:X` puts an edge on X's JSONL line: X's updated_at must move, or a merge could drop it.
    await touch(trx, ctx, seeds.slice(1))
    await refreshReadiness(trx, seeds)
    return id
  })
}
