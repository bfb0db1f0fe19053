/**
 * Reads a JSON object's members without decoding their values: each member's key and the exact
 * text of its value. Unknown fields are carried this way, byte for byte, wherever they stand.
 */
export interface RawMember {
  key: string
  /** The key's source text, quotes included. */
  keyText: string
  /** The value's source text, untouched (`{"a": 1}`, `"x\u00e9"`, `true`…). */
  value: string
}

const WS = new Set([' ', '\t', '\n', '\r'])

function skipWs(s: string, i: number): number {
  while (i < s.length && WS.has(s[i]!)) i++
  return i
}

function endOfString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++
    else if (s[j] === '"') return j + 1
  }
  throw new SyntaxError('unterminated string')
}

function endOfValue(s: string, i: number): number {
  const c = s[i]
  if (c === '"') return endOfString(s, i)
  if (c === '{' || c === '[') {
    let depth = 0
    for (let j = i; j < s.length; j++) {
      const d = s[j]
      if (d === '"') j = endOfString(s, j) - 1
      else if (d === '{' || d === '[') depth++
      else if (d === '}' || d === ']') {
        depth--
        if (depth === 0) return j + 1
      }
    }
    throw new SyntaxError('unterminated value')
  }
  let j = i
  while (j < s.length && !WS.has(s[j]!) && s[j] !== ',' && s[j] !== '}' && s[j] !== ']') j++
  return j
}

/** The members of the object `text` (already known to be valid JSON), in order. */
export function rawMembers(text: string): RawMember[] {
  const out: RawMember[] = []
  let i = skipWs(text, 0)
  if (text[i] !== '{') throw new SyntaxError('expected an object')
  i = skipWs(text, i + 1)
  if (text[i] === '}') return out
  for (;;) {
    const i0 = i
    const keyEnd = endOfString(text, i)
    const inner = text.slice(i + 1, keyEnd - 1)
    const key = inner.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : inner
    i = skipWs(text, keyEnd)
    if (text[i] !== ':') throw new SyntaxError('expected ":"')
    i = skipWs(text, i + 1)
    const end = endOfValue(text, i)
    out.push({ key, keyText: text.slice(i0, keyEnd), value: text.slice(i, end) })
    i = skipWs(text, end)
    if (text[i] === '}') return out
    if (text[i] !== ',') throw new SyntaxError('expected ","')
    i = skipWs(text, i + 1)
  }
}

/** The raw texts of the elements of a JSON array value. */
export function rawElements(text: string): string[] {
  const out: string[] = []
  let i = skipWs(text, 0)
  if (text[i] !== '[') return out
  i = skipWs(text, i + 1)
  if (text[i] === ']') return out
  for (;;) {
    const end = endOfValue(text, i)
    out.push(text.slice(i, end))
    i = skipWs(text, end)
    if (text[i] !== ',') return out
    i = skipWs(text, i + 1)
  }
}
