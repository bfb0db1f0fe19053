import type { Interfaces } from '@oclif/core'
import { type CommandSpec, findCommand, type ParsedLine, parseLine } from './argv.js'
import { type IO, processWorld, type World } from './io.js'

/**
 * The fast entry of a CLI: parses the line from the command specs generated at build time
 * (scripts/manifest.mjs writes dist/entry.js) and runs the command's body — the same body the
 * oclif class runs. What it does not serve (help, --help, lines its parser is not sure of) comes
 * back as a fallback for oclif.
 */

/** Ran here (with its exit code), or left to oclif: a known command's id and words, or the whole line. */
export type EntryResult = { exitCode: number } | { id?: string; rest: string[]; argv: string[] }

export interface FastEntry {
  /** `world` defaults to this process's streams, environment and folder. */
  run(argv: string[], world?: World): Promise<EntryResult>
  /** What oclif should run for this line (the CLI's default-command rewriting applied). */
  fallback(argv: string[]): EntryResult
}

export interface EntryTable {
  /** `@beadwork/bd`, for `--version` (oclif's user agent). */
  name: string
  version: string
  commands: CommandSpec[]
  /** Loads a command's body module (`default` export); a command without one is oclif's. */
  bodies: Partial<Record<string, () => Promise<{ default: unknown }>>>
}

/** What a command class declares, as a body's input types read it (src/commands/<id>.ts). */
export interface Declared {
  // biome-ignore lint/suspicious/noExplicitAny: oclif's flag and arg maps
  flags?: Interfaces.FlagInput<any>
  // biome-ignore lint/suspicious/noExplicitAny: oclif's flag and arg maps
  baseFlags?: Interfaces.FlagInput<any>
  // biome-ignore lint/suspicious/noExplicitAny: oclif's flag and arg maps
  args?: Interfaces.ArgInput<any>
}

export interface EntryRunner {
  /** Runs a body with its parsed line; returns the exit code. */
  runBody(body: unknown, line: ParsedLine, io: IO): Promise<number>
  /** The CLI's own rewriting of a line before it names a command (wt's default commands). */
  rewrite?(argv: string[], ids: ReadonlySet<string>): string[]
}

const VERSION = new Set(['--version', '-v', 'version'])
const asksHelp = (argv: string[]) => argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')

export function createEntry(table: EntryTable, runner: EntryRunner): FastEntry {
  const specs = new Map(table.commands.map((c) => [c.id, c]))
  const ids = new Set(specs.keys())
  const rewrite = (input: string[]) => (runner.rewrite ? runner.rewrite(input, ids) : input)
  /** What oclif runs for an already rewritten line. */
  const toOclif = (argv: string[]): EntryResult => {
    const found = asksHelp(argv) ? undefined : findCommand(ids, argv)
    return found ? { id: found.id, rest: found.rest, argv } : { rest: [], argv }
  }
  return {
    fallback: (input) => toOclif(rewrite(input)),
    async run(input, world = processWorld()) {
      const argv = rewrite(input)
      if (argv.length === 1 && VERSION.has(argv[0]!) && !ids.has(argv[0]!)) {
        world.stdout.write(`${table.name}/${table.version} ${process.platform}-${process.arch} node-${process.version}\n`)
        return { exitCode: 0 }
      }
      const found = findCommand(ids, argv)
      const load = found && table.bodies[found.id]
      const line = load && !asksHelp(argv) ? parseLine(specs.get(found!.id)!, found!.rest) : undefined
      if (!load || !line) return toOclif(argv)
      const body = (await load()).default
      return { exitCode: await runner.runBody(body, line, { ...world, json: line.flags.json === true }) }
    },
  }
}
