import type { Selectable } from 'kysely'
import { existsSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { DomainError, notFound } from '../errors.js'
import { configuredDatabaseUrl } from '../tracker/backend.js'
import { openTracker, openTrackerAt } from '../tracker/open.js'
import type { Tracker } from '../tracker/tracker.js'
import { BEADS_DIR, DB_FILE } from '../tracker/workspace.js'
import { type PoolContext, dbOf, isoNow, realpathOr, recordEvent } from './context.js'
import type { ProjectsTable } from './schema.js'

export type Project = Selectable<ProjectsTable>

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

export const beadsDbOf = (project: Project) => join(project.path, BEADS_DIR, DB_FILE)

/**
 * Runs `fn` on the project's tracker (in-process, never a `bd` subprocess), acting as `actor`,
 * through bd's own opener: a JSONL changed by git is imported first, and every write (claim, close,
 * defer) reaches .beads/issues.jsonl in the same crash order as a bd command's.
 */
export async function withTracker<T>(project: Project, actor: string | undefined, fn: (tracker: Tracker) => Promise<T>): Promise<T> {
  const handle = await openTracker(
    onServer(project.path) ? { cwd: project.path, env: { ...process.env, BEADS_DB: '', BEADS_DIR: '' }, actor } : { db: beadsDbOf(project), actor },
  )
  try {
    return await fn(handle.tracker)
  } finally {
    await handle.close()
  }
}

/** A project whose workspace is on PostgreSQL (`.beads/config.yaml` database-url, or BEADS_DATABASE_URL): no beads.db. */
const onServer = (root: string): boolean => configuredDatabaseUrl(join(root, BEADS_DIR)) !== undefined

export async function addProject(ctx: PoolContext, name: string, path: string, branch?: string): Promise<Project> {
  if (!NAME.test(name)) throw new DomainError('INVALID_VALUE', `invalid project name: ${JSON.stringify(name)}`, { hint: 'Use letters, digits, ., - and _.' })
  const dir = resolve(ctx.cwd, path)
  if (!(await ctx.git.isRepo(dir))) throw new DomainError('INVALID_VALUE', `not a git repository: ${dir}`, { hint: 'Run `git init` there first.' })
  const root = realpathOr(await ctx.git.topLevel(dir))
  const dbPath = join(root, BEADS_DIR, DB_FILE)
  const server = onServer(root)
  if (!server && !existsSync(dbPath)) throw new DomainError('NO_WORKSPACE', `no beads workspace in ${root}`, { hint: `Run \`bd init\` in ${root} first.` })
  const base = branch ?? (await ctx.git.currentBranch(root)) ?? 'main'
  const handle = server ? await openTracker({ cwd: root, env: { ...ctx.env, BEADS_DB: '', BEADS_DIR: '' } }) : await openTrackerAt(dbPath)
  const prefix = handle.tracker.prefix
  await handle.close()
  const db = dbOf(ctx)
  const clash = await db
    .selectFrom('projects')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', name), eb('path', '=', root)]))
    .executeTakeFirst()
  if (clash)
    throw new DomainError(
      'DUPLICATE',
      clash.name === name ? `project ${name} already exists (${clash.path})` : `${root} is already registered as project ${clash.name}`,
    )
  const row: Project = { name, path: root, base_branch: base, prefix, created_at: isoNow(ctx) }
  await db.insertInto('projects').values(row).execute()
  await recordEvent(ctx, { type: 'project_added', message: `${name} ${root}`, data: { project: name } })
  return row
}

export async function removeProject(ctx: PoolContext, name: string): Promise<Project> {
  const db = dbOf(ctx)
  const project = await getProject(ctx, name)
  const live = await db.selectFrom('workers').select('name').where('project', '=', name).where('ended_at', 'is', null).execute()
  if (live.length)
    throw new DomainError('CONFLICT', `project ${name} has live workers: ${live.map((w) => w.name).join(', ')}`, {
      hint: 'End them first (wt kill / wt close).',
    })
  await db.deleteFrom('projects').where('name', '=', name).execute()
  await recordEvent(ctx, { type: 'project_removed', message: name })
  return project
}

export const listProjects = (ctx: PoolContext) => dbOf(ctx).selectFrom('projects').selectAll().orderBy('name').execute()

export async function getProject(ctx: PoolContext, name: string): Promise<Project> {
  const p = await dbOf(ctx).selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst()
  if (!p) throw notFound('project', name, 'See `wt projects`, or register it with `wt project add <name> <path>`.')
  return p
}

const inside = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep)

/** `--project` > the bead id's prefix > the registered repository (or worker worktree) holding cwd. */
export async function resolveProject(ctx: PoolContext, bead: string | undefined, explicit?: string): Promise<Project> {
  if (explicit) return getProject(ctx, explicit)
  const projects = await listProjects(ctx)
  if (projects.length === 0) throw new DomainError('NOT_FOUND', 'no projects registered', { hint: 'Register one: wt project add <name> <path>' })
  if (bead) {
    const byPrefix = projects.filter((p) => bead.toLowerCase().startsWith(`${p.prefix}-`)).sort((a, b) => b.prefix.length - a.prefix.length)
    if (byPrefix[0]) return byPrefix[0]
  }
  const cwd = realpathOr(ctx.cwd)
  const here = projects.find((p) => inside(cwd, p.path))
  if (here) return here
  const worker = (await dbOf(ctx).selectFrom('workers').select(['project', 'worktree']).where('ended_at', 'is', null).execute()).find((w) =>
    inside(cwd, w.worktree),
  )
  if (worker) return getProject(ctx, worker.project)
  if (projects.length === 1) return projects[0]!
  throw new DomainError('NOT_FOUND', `no project found for ${bead ? `bead ${bead}` : cwd}`, { hint: 'Pass --project <name> (see `wt projects`).' })
}

export { inside as isInside }

/** Returns a bead to open and unassigned, if this worker still holds it. */
export async function releaseBead(project: Project, bead: string, workerName: string): Promise<boolean> {
  return withTracker(project, workerName, async (t) => {
    const issue = await t.get(bead).catch(() => undefined)
    if (!issue || issue.status === 'closed' || issue.assignee !== workerName) return false
    await t.update([bead], { status: 'open', assignee: '' })
    return true
  })
}
