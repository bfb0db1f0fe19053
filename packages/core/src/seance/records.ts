/**
 * The Claude Code transcript record format (`<session-uuid>.jsonl`, one record a line), as far as
 * seance reads it. Every field is optional: records of unknown `type` (progress,
 * file-history-snapshot, queue-operation, system, …) pass through untouched.
 */
export interface ContentBlock {
  type: string
  text?: string
  thinking?: string
  /** tool_use */
  id?: string
  name?: string
  input?: Record<string, unknown>
  /** tool_result */
  tool_use_id?: string
  content?: string | ContentBlock[]
  is_error?: boolean
}

export interface Usage {
  input_tokens?: number
  output_tokens?: number
  cache_read_input_tokens?: number
  cache_creation_input_tokens?: number
}

export interface TranscriptRecord {
  type: string
  uuid?: string
  parentUuid?: string | null
  sessionId?: string
  cwd?: string
  timestamp?: string
  isSidechain?: boolean
  /** Claude Code's own injected user messages (command caveats and the like). */
  isMeta?: boolean
  /** The model-written summary a compaction leaves as a user record. */
  isCompactSummary?: boolean
  /** Subagent transcripts name their agent. */
  agentId?: string
  message?: {
    id?: string
    role?: string
    model?: string
    content?: string | ContentBlock[]
    stop_reason?: string | null
    usage?: Usage
  }
  /** type: 'summary' */
  summary?: string
}

export function asRecord(value: unknown): TranscriptRecord | null {
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as TranscriptRecord) : null
}

export function blocksOf(record: TranscriptRecord): ContentBlock[] {
  const content = record.message?.content
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return Array.isArray(content) ? content.filter((b): b is ContentBlock => b !== null && typeof b === 'object') : []
}

/** The text of a tool_result's content (a string or text blocks). */
export function resultText(content: ContentBlock['content']): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((b) => (b && b.type === 'text' && typeof b.text === 'string' ? b.text : ''))
    .filter(Boolean)
    .join('\n')
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** A one-line account of a tool call: the command, the file, or the input in brief. */
export function describeToolUse(name: string, input: Record<string, unknown> = {}): string {
  if (name === 'Bash') return [str(input.command), str(input.description) && `(${str(input.description)})`].filter(Boolean).join(' ')
  const path = editedPath(name, input)
  if (path) {
    const change = str(input.new_string) ?? str(input.content) ?? str(input.new_source) ?? ''
    return change ? `${path}: ${change}` : path
  }
  try {
    return JSON.stringify(input)
  } catch {
    return ''
  }
}

/** Tools whose calls change a file, and where they say which one. */
export function editedPath(name: string, input: Record<string, unknown> = {}): string | undefined {
  if (name === 'Edit' || name === 'Write' || name === 'MultiEdit') return str(input.file_path)
  if (name === 'NotebookEdit') return str(input.notebook_path)
  return undefined
}

/** Text Claude Code writes as a user record itself: slash-command echoes, their output, interruptions. */
const NOT_TYPED = /^(<command-|<local-command-|\[Request interrupted)/

/** Whether a user record is a person's (or the hub's) prompt rather than a tool result or an injected note. */
export function isPrompt(record: TranscriptRecord, block: ContentBlock): boolean {
  return (
    record.type === 'user' &&
    !record.isMeta &&
    !record.isSidechain &&
    !record.isCompactSummary &&
    block.type === 'text' &&
    typeof block.text === 'string' &&
    !NOT_TYPED.test(block.text.trimStart())
  )
}

export type Speaker = 'user' | 'assistant' | 'tool' | 'summary'

/** A searchable piece of a transcript: one content block, or a summary. */
export interface Passage {
  speaker: Speaker
  kind: 'prompt' | 'text' | 'thinking' | 'tool_use' | 'tool_result' | 'summary'
  text: string
  timestamp: string | null
  uuid: string | null
}

/** Long tool outputs (file reads, test logs) would swamp the index; their head is what matters. */
const MAX_TOOL_TEXT = 2000
const MAX_TEXT = 20_000

export function passagesOf(record: TranscriptRecord): Passage[] {
  const timestamp = record.timestamp ?? null
  const uuid = record.uuid ?? null
  if (record.type === 'summary')
    return typeof record.summary === 'string' && record.summary
      ? [{ speaker: 'summary', kind: 'summary', text: record.summary, timestamp, uuid: uuid ?? null }]
      : []
  if (record.type !== 'user' && record.type !== 'assistant') return []
  const out: Passage[] = []
  const add = (speaker: Speaker, kind: Passage['kind'], text: string, max: number) => {
    const t = text.trim()
    if (t) out.push({ speaker, kind, text: t.length > max ? t.slice(0, max) + '…' : t, timestamp, uuid })
  }
  for (const block of blocksOf(record)) {
    if (block.type === 'text' && typeof block.text === 'string') {
      if (record.type === 'assistant') add('assistant', 'text', block.text, MAX_TEXT)
      else if (record.isCompactSummary) add('summary', 'summary', block.text, MAX_TEXT)
      else if (!record.isMeta) add('user', 'prompt', block.text, MAX_TEXT)
    } else if (block.type === 'thinking' && typeof block.thinking === 'string') add('assistant', 'thinking', block.thinking, MAX_TEXT)
    else if (block.type === 'tool_use' && typeof block.name === 'string')
      add('assistant', 'tool_use', `${block.name}: ${describeToolUse(block.name, block.input)}`, MAX_TOOL_TEXT)
    else if (block.type === 'tool_result') add('tool', 'tool_result', resultText(block.content), MAX_TOOL_TEXT)
  }
  return out
}
