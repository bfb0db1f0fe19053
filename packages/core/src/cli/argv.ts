/**
 * Parses a command line the way oclif's parser would, for the fast entry (bin/run.js), from the
 * command specs that scripts/manifest.mjs writes at build time out of the oclif command classes.
 * It only has to be right, not complete: anything it is not sure of (help, `--`, an unknown or
 * repeated flag, a value that oclif would unquote, a failed option check) returns undefined and
 * oclif parses the line instead, so every usage error is oclif's own.
 */

export interface FlagSpec {
  name: string
  char?: string
  type: 'boolean' | 'option'
  multiple?: boolean
  /** A multiple flag without `multipleNonGreedy` takes the words after it too. */
  greedy?: boolean
  delimiter?: string
  allowNo?: boolean
  default?: string | boolean
  options?: string[]
  exclusive?: string[]
}

export interface ArgSpec {
  name: string
  required?: boolean
  options?: string[]
}

export interface CommandSpec {
  id: string
  strict: boolean
  args: ArgSpec[]
  flags: FlagSpec[]
}

export interface ParsedLine {
  flags: Record<string, string | string[] | boolean | undefined>
  args: Record<string, string | undefined>
  /** Every positional word, in order (oclif's `argv`, what non-strict commands read). */
  argv: string[]
}

/** The command id a line names (`dep tree x` → `dep:tree`) and the words after it. */
export function findCommand(ids: ReadonlySet<string>, words: readonly string[]): { id: string; rest: string[] } | undefined {
  for (let n = Math.min(3, words.length); n > 0; n--) {
    if (words.slice(0, n).some((w) => w.startsWith('-'))) continue
    const id = words.slice(0, n).join(':')
    if (ids.has(id)) return { id, rest: words.slice(n) }
  }
  return undefined
}

export function parseLine(spec: CommandSpec, words: readonly string[]): ParsedLine | undefined {
  const flags: ParsedLine['flags'] = {}
  const positional: string[] = []
  const byName = new Map(spec.flags.map((f) => [f.name, f]))
  const byChar = new Map(spec.flags.filter((f) => f.char).map((f) => [f.char!, f]))
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (!word.startsWith('-') || word === '-') {
      positional.push(word)
      continue
    }
    let flag: FlagSpec | undefined
    let value: string | undefined
    let negated = false
    if (word.startsWith('--')) {
      const eq = word.indexOf('=')
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq)
      flag = byName.get(name)
      if (!flag && name.startsWith('no-')) {
        flag = byName.get(name.slice(3))
        negated = true
        if (!flag?.allowNo) return undefined
      }
      if (eq >= 0) value = word.slice(eq + 1)
    } else if (word.length === 2) flag = byChar.get(word[1]!)
    if (!flag) return undefined // unknown flag, `--`, `-p1`, `--help`, `-h`: oclif's business
    if (flag.name in flags && !flag.multiple) return undefined // repeated: oclif decides
    if (flag.type === 'boolean') {
      if (value !== undefined) return undefined
      flags[flag.name] = !negated
      continue
    }
    if (negated) return undefined
    if (value === undefined) value = words[++i]
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    const values = [value]
    // Greedy multiple flags take the following words up to the next flag.
    while (flag.greedy && i + 1 < words.length && !words[i + 1]!.startsWith('-')) values.push(words[++i]!)
    const items: string[] = []
    for (const v of values) {
      if (!flag.multiple || !flag.delimiter) {
        items.push(v)
        continue
      }
      if (/["'\\]/.test(v)) return undefined // oclif unquotes and unescapes list items
      for (const item of v.split(flag.delimiter).map((s) => s.trim())) items.push(item)
    }
    if (items.some((v) => v === '' || (flag.options && !flag.options.includes(v)))) return undefined
    if (!flag.multiple) flags[flag.name] = items[0]
    else flags[flag.name] = [...((flags[flag.name] as string[] | undefined) ?? []), ...items]
  }
  for (const f of spec.flags) {
    if (f.name in flags && f.exclusive?.some((other) => other in flags)) return undefined
  }
  const args: ParsedLine['args'] = {}
  for (const [n, arg] of spec.args.entries()) {
    const word = positional[n]
    if (word === undefined) {
      if (arg.required) return undefined
      continue
    }
    if (arg.options && !arg.options.includes(word)) return undefined
    args[arg.name] = word
  }
  if (spec.strict && positional.length > spec.args.length) return undefined
  for (const f of spec.flags) if (f.default !== undefined && !(f.name in flags)) flags[f.name] = f.default
  return { flags, args, argv: positional }
}
