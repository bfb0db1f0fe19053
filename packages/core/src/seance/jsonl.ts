import { createReadStream } from 'node:fs'

export interface JsonlLine {
  /** The parsed line; undefined for a blank or unparseable complete line (still yielded, for its offsets). */
  value: unknown
  /** Byte offset of the line's first byte. */
  start: number
  /** Byte offset just past the line's newline (or past its last byte when unterminated). */
  end: number
  /** False only for a last line without its newline (a writer may still be appending to it). */
  terminated: boolean
}

export interface ReadJsonlOptions {
  /** Byte offset to start at; must be the start of a line (a stored `end`). */
  start?: number
  /** Called after each chunk with the absolute byte offset reached. */
  onBytes?: (offset: number) => void
}

const NEWLINE = 0x0a

/**
 * Streams the JSON values of a JSONL file with their byte offsets, in constant memory per line.
 * A complete line that is not JSON yields `value: undefined` (a crash can leave garbage mid-file); a
 * torn last line — no newline and not parseable — is dropped, so a transcript still being written
 * reads cleanly.
 */
export async function* readJsonl(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlLine> {
  let offset = options.start ?? 0 // absolute offset of pending[0]
  let pending: Buffer[] = []
  let pendingLength = 0
  const stream = createReadStream(path, { start: offset, highWaterMark: 1 << 20 })
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0
    let nl = chunk.indexOf(NEWLINE, from)
    while (nl !== -1) {
      let line: Buffer
      if (pendingLength > 0) {
        pending.push(chunk.subarray(from, nl))
        line = Buffer.concat(pending, pendingLength + nl - from)
        pending = []
        pendingLength = 0
      } else line = chunk.subarray(from, nl)
      const start = offset
      offset += line.length + 1
      yield { value: parse(line), start, end: offset, terminated: true }
      from = nl + 1
      nl = chunk.indexOf(NEWLINE, from)
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from))
      pendingLength += chunk.length - from
    }
    options.onBytes?.(offset + pendingLength)
  }
  if (pendingLength > 0) {
    const line = Buffer.concat(pending, pendingLength)
    const value = parse(line)
    if (value !== undefined) yield { value, start: offset, end: offset + line.length, terminated: false }
  }
}

function parse(line: Buffer): unknown {
  // Skip blank lines without paying for a string conversion.
  let i = 0
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x0d || line[i] === 0x09)) i++
  if (i === line.length) return undefined
  try {
    return JSON.parse(line.toString('utf8'))
  } catch {
    return undefined
  }
}
