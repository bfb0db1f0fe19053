import { customAlphabet } from 'nanoid'
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

export function randomHash(length: number): string {
  let gen = generators.get(length)
  if (!gen) generators.set(length, (gen = customAlphabet(ALPHABET, length)))
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
  const p = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  return p || 'bd'
}

export function validatePrefix(prefix: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(prefix) || prefix.endsWith('-')) {
    throw new DomainError('INVALID_VALUE', `invalid prefix: ${JSON.stringify(prefix)}`, { hint: 'Use letters, digits and inner dashes, e.g. --prefix api.' })
  }
  return prefix.toLowerCase()
}

/** An explicit `--id` must look like a bead id of this workspace. */
export function validateExplicitId(id: string, prefix: string): string {
  if (!new RegExp(`^${prefix.replace(/[-]/g, '\\-')}-[a-z0-9]+(\\.[0-9]+){0,3}$`).test(id)) {
    throw new DomainError('INVALID_ID', `invalid id: ${JSON.stringify(id)}`, { hint: `Ids look like ${prefix}-a1b2 (lower-case letters and digits after the prefix).` })
  }
  return id
}
