/** Words that say nothing about what a question is after. */
const STOP = new Set(
  `a an the is are was were be been being do does did done doing to of in on at for with by from as and or but not no nor
  it its it's this that these those there here you your yours we our us i me my mine he him his she her they them their
  what which who whom whose why how when where can could would should will shall may might must have has had having just
  so than then too very also about into over under again once all any both each few more most other some such only own
  same now ok okay please tell explain let lets let's me get got go went`.split(/\s+/),
)

/** A "why" question is answered in words like these, which the question itself never uses. */
const WHY_WORDS = ['because', 'reason', 'decided', 'chose', 'instead', 'tradeoff']

/**
 * Turns a free-text question into an FTS5 query: its content words OR-ed (bm25 ranks passages that
 * hold more and rarer ones first), each quoted so no user text is parsed as FTS5 syntax.
 * Returns null when nothing searchable is left.
 */
export function ftsQuery(question: string): string | null {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length > 1 && !STOP.has(w))
  if (/\bwhy\b|\breason/i.test(question)) words.push(...WHY_WORDS)
  const unique = [...new Set(words)]
  return unique.length ? unique.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ') : null
}
