import type { Kysely } from 'kysely'
import { DomainError } from '../errors.js'
import type { TrackerSchema } from './schema.js'
import { TOMBSTONE } from './work-rules.js'

/**
 * Exact id, then `<prefix>-<input>`, then a unique substring of the hash part (after the prefix).
 * More than one match is AMBIGUOUS_ID listing the candidates.
 */
export async function resolveId(db: Kysely<TrackerSchema>, prefix: string, input: string): Promise<string> {
  const text = input.trim().toLowerCase()
  if (text === '') throw new DomainError('INVALID_ID', 'empty bead id', { hint: 'Pass an id such as bd-a1b2 (or a unique part of it).' })
  const exact = await db
    .selectFrom('issues')
    .select(['id', 'status'])
    .where('id', 'in', [text, `${prefix}-${text}`])
    .execute()
  const direct = exact.find((r) => r.id === text) ?? exact[0]
  if (direct?.status === TOMBSTONE)
    throw new DomainError('NOT_FOUND', `${direct.id} was deleted`, {
      hint: 'It is kept as a tombstone so other clones learn of the deletion; `bd list` shows the beads that remain.',
      fields: { deleted: true },
    })
  if (direct) return direct.id
  if (!/^[a-z0-9._-]+$/.test(text)) throw notFoundId(input)
  const like = await db.selectFrom('issues').select('id').where('id', 'like', `%${text}%`).where('status', '<>', TOMBSTONE).orderBy('id').limit(50).execute()
  const matches = like.map((r) => r.id).filter((id) => hashPart(id).includes(text))
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0) throw notFoundId(input)
  throw new DomainError(
    'AMBIGUOUS_ID',
    `ambiguous id ${JSON.stringify(input)} matches ${matches.length} beads: ${matches.slice(0, 10).join(', ')}${matches.length > 10 ? ', …' : ''}`,
    {
      hint: 'Use more characters of the id.',
      fields: { candidates: matches.slice(0, 10) },
    },
  )
}

const hashPart = (id: string): string => id.slice(id.indexOf('-') + 1)

const notFoundId = (input: string) => new DomainError('NOT_FOUND', `no bead matches ${JSON.stringify(input)}`, { hint: 'Run `bd list` to see the ids.' })

export async function resolveIds(db: Kysely<TrackerSchema>, prefix: string, inputs: readonly string[]): Promise<string[]> {
  const ids: string[] = []
  for (const input of inputs) {
    const id = await resolveId(db, prefix, input)
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}
