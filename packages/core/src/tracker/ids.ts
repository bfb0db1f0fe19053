import { DomainError } from '../errors.js'

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'
const generators = new Map<number, () => string>()

/**
 * Hash length grows with the number of beads so the odds that a new id hits an existing one
 * stay under 1% (at 4 chars: 1.7M ids; 100k beads → 5 chars). A hit is retried by the caller.
 */
export function hashLength(existingCount: number): number {
  let length = 4
  while (length < 12 && existingCount / ALPHABET.length ** length > 0.01) length++
  return length
}

/** nanoid (and node:crypto under it) loads on the first new id, not on every command's start. */
export async function randomHash(length: number): Promise<string> {
  let gen = generators.get(length)
  if (!gen) {
    gen = (await import('nanoid')).customAlphabet(ALPHABET, length)
    generators.set(length, gen)
  }
  return gen()
}

export const MAX_DEPTH = 3

/** Children are `P.1`, `P.2`, … at most three levels below a root bead. */
export function childId(parentId: string, n: number): string {
  if (depthOf(parentId) >= MAX_DEPTH) {
    throw new DomainError('INVALID_VALUE', `cannot add a child to ${parentId}: beads nest at most ${MAX_DEPTH} levels deep`)
  }
  return `${parentId}.${n}`
}

export function depthOf(id: string): number {
  const hash = id.slice(id.lastIndexOf('-') + 1)
  return hash.split('.').length - 1
}

/** Folds a directory name into a prefix: lower-case, runs of non-alphanumerics become `-`. */
export function prefixFromName(name: string): string {
  const p = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return p || 'bd'
}

/** Letters, digits, inner dashes and underscores (`git_safety_guard` is common in real ids). */
const PREFIX_PATTERN = /^[a-z0-9][a-z0-9_-]*$/i

export function validatePrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix) || prefix.endsWith('-')) {
    throw new DomainError('INVALID_VALUE', `invalid prefix: ${JSON.stringify(prefix)}`, {
      hint: 'Use letters, digits, inner dashes and underscores, e.g. --prefix api.',
    })
  }
  return prefix.toLowerCase()
}

/**
 * The prefix most ids share. An id is `<prefix>-<hash>` with optional `.n` children; the prefix
 * itself may hold dashes, and agent beads may carry more (`gt-gastown-polecat-nux` is `gt`'s), so
 * every dash-separated head of an id is a candidate: the one that starts the most ids wins, the
 * longer on a tie (`my-app-a1b2` and `my-app-c3d4` are `my-app`'s).
 */
export function commonPrefix(ids: Iterable<string>): string | undefined {
  const counts = new Map<string, number>()
  for (const id of ids) {
    const parts = id.replace(/(\.\d+)+$/, '').split('-')
    for (let n = 1; n < parts.length; n++) {
      const head = parts.slice(0, n).join('-')
      counts.set(head, (counts.get(head) ?? 0) + 1)
    }
  }
  let best: [string, number] | undefined
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0].length > best[0].length)) best = entry
  }
  return best && PREFIX_PATTERN.test(best[0]) ? best[0].toLowerCase() : undefined
}

/**
 * Why `id` cannot name a bead, or undefined. Ids become git branch names, tmux targets and paths:
 * one starting with `-` reads as an option, `/` as a path, whitespace as two words, controls
 * rewrite a terminal. Checked wherever an id enters (create, --id, import, pull).
 */
export function idProblem(id: string): string | undefined {
  if (id === '') return 'it is empty'
  if (id.startsWith('-')) return "it starts with '-'"
  if (id.includes('/')) return "it contains '/'"
  if (/\s/.test(id)) return 'it contains whitespace'
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return 'it contains control characters'
  if (id.includes('\uFFFD')) return 'it is not valid UTF-8'
  if (id.length > 200) return 'it is longer than 200 characters'
  return undefined
}

/**
 * An explicit `--id`: this workspace's prefix, then the real-world shapes (letters, digits,
 * underscores, dashes inside: `gt-gastown_ui-crew-joe`), then up to three `.n` child levels.
 */
export function validateExplicitId(id: string, prefix: string): string {
  const shape = new RegExp(`^${prefix.replace(/[-]/g, '\\-')}-[a-z0-9_]+(-[a-z0-9_]+)*(\\.[0-9]+){0,3}$`)
  if (idProblem(id) !== undefined || !shape.test(id)) {
    throw new DomainError('INVALID_ID', `invalid id: ${JSON.stringify(id)}`, {
      hint: `Ids look like ${prefix}-a1b2 (lower-case letters, digits, underscores and inner dashes after the prefix; .1 for a child).`,
    })
  }
  return id
}
