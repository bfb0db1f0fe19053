/**
 * The agent hot path without the framework: `ready`, `show`, `list`, `create`, `update`, `close` and `plan`
 * parsed here and run through the same core calls, renderers and output functions as the oclif
 * commands in src/commands/. bin/run.js tries this first (bundled by scripts/bundle.mjs, so kysely
 * and friends load as one file) and falls back to oclif for anything it does not fully understand:
 * help, unknown or repeated flags, `--`, `--flag=` on booleans, values starting with `-`, empty
 * values, quotes or backslashes in list values, a missing or changed oclif manifest. Every usage
 * error is therefore oclif's own; domain errors are printed by the same writeError as BaseCommand.
 *
 * The flag tables below must match the commands: they are checked against oclif.manifest.json on
 * every run (a command whose flags differ in any way is left to oclif), and
 * test/bd/fast-path.test.ts checks that stdout, stderr and exit codes are byte-identical.
 */
import { readFileSync } from 'node:fs'
import { describeDomainError, writeData, writeError } from '@beadwork/core/cli/report'
import type { TrackerHandle } from '@beadwork/core/tracker/open'
import type { Tracker } from '@beadwork/core/tracker/tracker'
import { openCommandTracker } from './open-tracker.js'
import { issueDetails, issueLine, issueTable } from './render.js'
import { explanationLines, explanations, planText } from './render-plan.js'

type Value = string | string[] | boolean | undefined
type Flags = Record<string, Value>

interface FlagSpec {
  name: string
  char?: string
  type: 'boolean' | 'option'
  multiple: boolean
  default?: string
}

interface Out {
  json: boolean
}

interface FastCommand {
  /** `name[:c]` option, `name[:c]!` boolean, `name[:c]*` comma list, `=default`. */
  flags: string
  /** Positional arguments: `one` (optional, at most one) or `many` (at least one, non-strict). */
  args: 'none' | 'one' | 'many'
  /** Further input the command leaves to oclif (checked before anything runs). */
  declines?(flags: Flags, argv: string[]): boolean
  run(t: () => Promise<Tracker>, flags: Flags, argv: string[], out: Out): Promise<void>
}

const BASE = 'json! db actor'
const FILTER = 'priority:p* assignee:a unassigned! label:l* label-any* type:t* parent sort'
const FIELDS = 'description:d design acceptance notes priority:p type:t assignee:a external-ref estimate:e defer'

const s = (v: Value) => v as string | undefined
const l = (v: Value) => v as string[] | undefined
const b = (v: Value) => v as boolean | undefined

const filterFrom = (f: Flags) => ({
  priority: l(f.priority),
  assignee: s(f.assignee),
  unassigned: b(f.unassigned),
  labels: l(f.label),
  labels_any: l(f['label-any']),
  issue_type: l(f.type),
  parent: s(f.parent),
  sort: s(f.sort),
})

const COMMANDS: Record<string, FastCommand> = {
  ready: {
    flags: `${BASE} ${FILTER} limit:n=100 claim! explain!`,
    args: 'none',
    async run(tracker, f, _argv, out) {
      const filter = { ...filterFrom(f), limit: s(f.limit) }
      if (f.explain) return writeData(await (await tracker()).explain({ filter: filterFrom(f) }), out.json, explanations)
      if (f.claim) {
        const claimed = await (await tracker()).claimReady(filter)
        writeData(claimed ? [claimed] : [], out.json, ([shown]) => (shown ? `Claimed ${issueLine(shown)}` : 'No ready beads to claim.'))
        return
      }
      const issues = await (await tracker()).ready(filter)
      writeData(issues, out.json, (issues) => (issues.length ? `Ready (${issues.length}):\n${issueTable(issues)}` : 'No ready beads.'))
    },
  },
  plan: {
    flags: `${BASE} workers:w`,
    args: 'none',
    async run(tracker, f, _argv, out) {
      writeData(await (await tracker()).plan({ workers: s(f.workers) }), out.json, planText)
    },
  },
  list: {
    flags: `${BASE} status:s* ${FILTER} all! limit:n=50`,
    args: 'none',
    async run(tracker, f, _argv, out) {
      const issues = await (await tracker()).list({ ...filterFrom(f), status: l(f.status), all: b(f.all), limit: s(f.limit) })
      writeData(issues, out.json, (issues) => (issues.length ? issueTable(issues) : 'No beads found.'))
    },
  },
  show: {
    flags: `${BASE} explain!`,
    args: 'many',
    async run(tracker, f, argv, out) {
      const details = await (await tracker()).show(argv)
      if (f.explain) {
        const why = await (await tracker()).explain({ ids: details.map((d) => d.id) })
        const shown = details.map((d, i) => ({ ...d, readiness: { ready: why[i]!.ready, reasons: why[i]!.reasons } }))
        return writeData(shown, out.json, (shown) => shown.map((d, i) => `${issueDetails(d)}\n\n${explanationLines(why[i]!)}`).join('\n\n'))
      }
      writeData(details, out.json, (details) => details.map(issueDetails).join('\n\n'))
    },
  },
  create: {
    flags: `${BASE} title ${FIELDS} labels:l* parent deps* id silent!`,
    args: 'one',
    // Both-or-neither title errors are usage errors raised by oclif's this.error: leave them to it.
    declines: (f, argv) => (f.title === undefined) === (argv[0] === undefined),
    async run(tracker, f, argv, out) {
      const issue = await (await tracker()).create({
        title: s(f.title) ?? argv[0]!,
        description: s(f.description),
        design: s(f.design),
        acceptance_criteria: s(f.acceptance),
        notes: s(f.notes),
        priority: s(f.priority),
        issue_type: s(f.type),
        assignee: s(f.assignee),
        labels: l(f.labels),
        parent: s(f.parent),
        deps: l(f.deps),
        external_ref: s(f['external-ref']),
        estimated_minutes: s(f.estimate),
        defer_until: s(f.defer),
        id: s(f.id),
      })
      if (f.silent && !out.json) return void process.stdout.write(issue.id + '\n')
      writeData(issue, out.json, (issue) => `Created ${issueLine(issue)}`)
    },
  },
  update: {
    flags: `${BASE} title ${FIELDS} status:s append-notes add-label* remove-label* claim!`,
    args: 'many',
    async run(tracker, f, argv, out) {
      const { isEmptyUpdate } = await import('@beadwork/core/tracker/update')
      const input = {
        title: s(f.title),
        description: s(f.description),
        design: s(f.design),
        acceptance_criteria: s(f.acceptance),
        notes: s(f.notes),
        append_notes: s(f['append-notes']),
        status: s(f.status),
        priority: s(f.priority),
        issue_type: s(f.type),
        assignee: s(f.assignee),
        external_ref: s(f['external-ref']),
        estimated_minutes: s(f.estimate),
        defer_until: s(f.defer),
        add_labels: l(f['add-label']),
        remove_labels: l(f['remove-label']),
        claim: b(f.claim),
      }
      if (isEmptyUpdate(input)) return void process.stderr.write('No updates specified\n')
      const issues = await (await tracker()).update(argv, input)
      writeData(issues, out.json, (issues) => issues.map((i) => `Updated ${issueLine(i)}`).join('\n'))
    },
  },
  close: {
    flags: `${BASE} reason:r force:f!`,
    args: 'many',
    async run(tracker, f, argv, out) {
      const issues = await (await tracker()).close(argv, { reason: s(f.reason), force: b(f.force) })
      writeData(issues, out.json, (issues) => issues.map((i) => `Closed ${issueLine(i)}`).join('\n'))
    },
  },
}

function specsOf(table: string): FlagSpec[] {
  return table.split(/\s+/).map((t) => {
    const m = /^([a-z-]+)(?::([a-z]))?([!*]?)(?:=(.*))?$/.exec(t)!
    return { name: m[1]!, char: m[2], type: m[3] === '!' ? 'boolean' : 'option', multiple: m[3] === '*', default: m[4] }
  })
}

interface ManifestFlag {
  name: string
  char?: string
  type: string
  multiple?: boolean
  delimiter?: string
  default?: unknown
  exclusive?: string[]
  [k: string]: unknown
}
interface ManifestCommand {
  strict?: boolean
  args: Record<string, { name: string; required?: boolean }>
  flags: Record<string, ManifestFlag>
}

// Manifest keys the fast path understands; any other (options, dependsOn, relationships, env, …) sends the command to oclif.
const UNDERSTOOD = new Set(['name', 'char', 'type', 'multiple', 'delimiter', 'default', 'exclusive', 'description', 'summary', 'helpGroup', 'hasDynamicHelp', 'allowNo', 'aliases', 'charAliases', 'deprecateAliases'])

/** The command's flags as the manifest describes them, if they are exactly the fast path's. */
function agrees(cmd: FastCommand, m: ManifestCommand | undefined, specs: FlagSpec[]): boolean {
  if (!m) return false
  const argNames = Object.values(m.args ?? {})
  if (cmd.args === 'none' && (m.strict === false || argNames.length !== 0)) return false
  if (cmd.args === 'one' && (m.strict === false || argNames.length !== 1 || argNames[0]!.required)) return false
  if (cmd.args === 'many' && (m.strict !== false || argNames.length !== 1 || !argNames[0]!.required)) return false
  const flags = Object.values(m.flags)
  if (flags.length !== specs.length) return false
  for (const f of flags) {
    const spec = specs.find((x) => x.name === f.name)
    if (!spec || Object.keys(f).some((k) => !UNDERSTOOD.has(k))) return false
    if ((f.aliases as unknown[] | undefined)?.length || (f.charAliases as unknown[] | undefined)?.length || f.allowNo) return false
    if (spec.char !== f.char || spec.type !== f.type || spec.multiple !== Boolean(f.multiple)) return false
    if (spec.multiple && f.delimiter !== ',') return false
    if (!spec.multiple && f.delimiter !== undefined) return false
    if (spec.default !== (f.default === undefined ? undefined : String(f.default))) return false
  }
  return true
}

export interface Plan {
  id: string
  flags: Flags
  argv: string[]
  json: boolean
}

/**
 * Parses argv the way oclif would, or returns undefined when oclif must handle it. `manifest`
 * is the parsed oclif.manifest.json (read from the package when not given).
 */
export function plan(input: readonly string[], manifest?: { commands: Record<string, ManifestCommand> }, env: NodeJS.ProcessEnv = process.env): Plan | undefined {
  const [id, ...rest] = input
  const cmd = id ? COMMANDS[id] : undefined
  if (!cmd || env.BD_CONTENT_TYPE !== undefined || env.BD_NO_FAST) return undefined
  try {
    manifest ??= JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as { commands: Record<string, ManifestCommand> }
  } catch {
    return undefined
  }
  const specs = specsOf(cmd.flags)
  const mcmd = manifest.commands[id!]
  if (!agrees(cmd, mcmd, specs)) return undefined
  const flags: Flags = {}
  const argv: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!
    if (!token.startsWith('-')) {
      argv.push(token)
      continue
    }
    let spec: FlagSpec | undefined
    let value: string | undefined
    if (token.startsWith('--')) {
      const eq = token.indexOf('=')
      const name = eq < 0 ? token.slice(2) : token.slice(2, eq)
      spec = specs.find((x) => x.name === name)
      if (eq >= 0) value = token.slice(eq + 1)
    } else if (token.length === 2) spec = specs.find((x) => x.char === token[1])
    if (!spec) return undefined // unknown flag, `--`, `-`, `-p1`, `--help`, `-h`: oclif's business
    if (spec.name in flags && !spec.multiple) return undefined // repeated: oclif decides
    if (spec.type === 'boolean') {
      if (value !== undefined) return undefined
      flags[spec.name] = true
      continue
    }
    if (value === undefined) value = rest[++i]
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    if (!spec.multiple) {
      flags[spec.name] = value
      continue
    }
    if (/["'\\]/.test(value)) return undefined // oclif unquotes and unescapes list items
    const items = value.split(',').map((v) => v.trim())
    if (items.some((v) => v === '')) return undefined
    flags[spec.name] = [...((flags[spec.name] as string[] | undefined) ?? []), ...items]
  }
  if (cmd.args === 'none' && argv.length > 0) return undefined
  if (cmd.args === 'one' && argv.length > 1) return undefined
  if (cmd.args === 'many' && argv.length === 0) return undefined
  for (const f of Object.values(mcmd!.flags)) {
    if (f.exclusive?.some((other) => other in flags) && f.name in flags) return undefined
  }
  if (cmd.declines?.(flags, argv)) return undefined
  for (const spec of specs) if (spec.default !== undefined && !(spec.name in flags)) flags[spec.name] = spec.default
  return { id: id!, flags, argv, json: input.indexOf('--json') !== -1 }
}

/** Runs a hot command without oclif. Returns false (having done nothing) when oclif must run it. */
export async function runFast(input: readonly string[]): Promise<boolean> {
  const p = plan(input)
  if (!p) return false
  let handle: TrackerHandle | undefined
  const tracker = async () => (handle ??= await openCommandTracker({ db: s(p.flags.db), actor: s(p.flags.actor) })).tracker
  try {
    await COMMANDS[p.id]!.run(tracker, p.flags, p.argv, { json: p.json })
  } catch (err) {
    writeError(err, describeDomainError(err), p.json)
  } finally {
    await handle?.close()
  }
  return true
}
