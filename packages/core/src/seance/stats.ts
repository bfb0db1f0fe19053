import { asRecord, blocksOf, isPrompt, type Usage } from './records.js'

export interface UsageTotals {
  /** Distinct API responses (assistant message ids). */
  requests: number
  input_tokens: number
  output_tokens: number
  cache_read_input_tokens: number
  cache_creation_input_tokens: number
  /** cache reads / all input (fresh + cache read + cache write); null with no input. */
  cache_ratio: number | null
}

export interface SessionStats {
  session_id: string
  turns: number
  started_at: string | null
  ended_at: string | null
  wall_seconds: number
}

export interface SeanceStats {
  sessions: SessionStats[]
  /** Prompts given (user turns), over all sessions. */
  turns: number
  /** Sum of each session's first-to-last record time. */
  wall_seconds: number
  started_at: string | null
  ended_at: string | null
  total: UsageTotals
  models: Array<{ model: string } & UsageTotals>
}

type Counted = Required<Usage>
const FIELDS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const

/**
 * Sums usage over transcripts. Claude Code writes one record per content block of a response, each
 * repeating the message id and usage (and streaming can write partial usage first), so usage is
 * kept per message id, field by field at its largest, and counted once.
 */
export class StatsBuilder {
  private readonly byMessage = new Map<string, { model: string; usage: Counted }>()
  private anonymous = 0
  private readonly sessions = new Map<string, SessionStats>()

  add(value: unknown, sessionId: string): void {
    const record = asRecord(value)
    if (!record) return
    const session = this.session(sessionId)
    if (typeof record.timestamp === 'string') {
      if (!session.started_at || record.timestamp < session.started_at) session.started_at = record.timestamp
      if (!session.ended_at || record.timestamp > session.ended_at) session.ended_at = record.timestamp
    }
    if (record.type === 'user' && blocksOf(record).some((b) => isPrompt(record, b))) session.turns++
    const usage = record.message?.usage
    const model = record.message?.model ?? 'unknown'
    if (record.type !== 'assistant' || !usage || model === '<synthetic>') return
    const key = record.message?.id ?? `anonymous:${this.anonymous++}`
    const seen = this.byMessage.get(key)
    if (!seen) this.byMessage.set(key, { model, usage: Object.fromEntries(FIELDS.map((f) => [f, num(usage[f])])) as Counted })
    else for (const f of FIELDS) seen.usage[f] = Math.max(seen.usage[f], num(usage[f]))
  }

  result(): SeanceStats {
    const total = zero()
    const models = new Map<string, UsageTotals>()
    for (const { model, usage } of this.byMessage.values()) {
      const m = models.get(model) ?? zero()
      for (const t of [m, total]) {
        t.requests++
        for (const f of FIELDS) t[f] += usage[f]
      }
      models.set(model, m)
    }
    const sessions = [...this.sessions.values()].map((s) => ({ ...s, wall_seconds: seconds(s.started_at, s.ended_at) }))
    const starts = sessions
      .map((s) => s.started_at)
      .filter((t): t is string => !!t)
      .sort()
    const ends = sessions
      .map((s) => s.ended_at)
      .filter((t): t is string => !!t)
      .sort()
    return {
      sessions,
      turns: sessions.reduce((n, s) => n + s.turns, 0),
      wall_seconds: sessions.reduce((n, s) => n + s.wall_seconds, 0),
      started_at: starts[0] ?? null,
      ended_at: ends[ends.length - 1] ?? null,
      total: withRatio(total),
      models: [...models.entries()]
        .map(([model, t]) => ({ model, ...withRatio(t) }))
        .sort((a, b) => b.output_tokens - a.output_tokens || a.model.localeCompare(b.model)),
    }
  }

  private session(sessionId: string): SessionStats {
    let s = this.sessions.get(sessionId)
    if (!s) {
      s = { session_id: sessionId, turns: 0, started_at: null, ended_at: null, wall_seconds: 0 }
      this.sessions.set(sessionId, s)
    }
    return s
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)
const zero = (): UsageTotals => ({
  requests: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_ratio: null,
})

function withRatio(t: UsageTotals): UsageTotals {
  const input = t.input_tokens + t.cache_read_input_tokens + t.cache_creation_input_tokens
  return { ...t, cache_ratio: input > 0 ? Math.round((t.cache_read_input_tokens / input) * 10_000) / 10_000 : null }
}

function seconds(from: string | null, to: string | null): number {
  if (!from || !to) return 0
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0
}
