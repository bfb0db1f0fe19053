// Synthetic Claude Code transcripts in the real record format: user/assistant records with content
// blocks (text, thinking, tool_use, tool_result), summary records, unknown record types, and one
// assistant record per content block repeating the message id and usage, as Claude Code writes them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { TranscriptIndex } from '../../packages/core/src/seance/transcript-index.js'
import { openWtState } from '../../packages/core/src/workers/state.js'

export const slugOf = (p: string) => p.replace(/[^A-Za-z0-9]/g, '-')

export interface UsageIn {
  input_tokens: number
  output_tokens: number
  cache_read_input_tokens?: number
  cache_creation_input_tokens?: number
}

type Block = Record<string, unknown>

export class Transcript {
  readonly records: Array<Record<string, unknown>> = []
  private clock: number
  private last: string | null = null
  private n = 0
  private agentId: string | null = null

  constructor(
    readonly cwd: string,
    readonly sessionId: string = randomUUID(),
    start = '2026-11-14T10:00:00.000Z',
  ) {
    this.clock = Date.parse(start)
  }

  private base(type: string, extra: Record<string, unknown>) {
    const uuid = randomUUID()
    const sidechain = this.agentId ? { isSidechain: true, agentId: this.agentId } : { isSidechain: false }
    const record = {
      parentUuid: this.last,
      ...sidechain,
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: '2.0.30',
      gitBranch: 'toast',
      type,
      uuid,
      timestamp: new Date(this.clock).toISOString(),
      ...extra,
    }
    this.clock += 1000
    this.last = uuid
    this.records.push(record)
    return record
  }

  /** Makes this a subagent (Task) transcript of its session: every record a sidechain of `agentId`. */
  asAgent(agentId: string): this {
    this.agentId = agentId
    return this
  }

  /** A user record Claude Code writes itself (compaction summary, slash-command echo). */
  userRecord(content: string, flags: Record<string, unknown>): this {
    this.base('user', { message: { role: 'user', content }, ...flags })
    return this
  }

  /** Moves the clock (seconds). */
  wait(seconds: number): this {
    this.clock += seconds * 1000
    return this
  }

  prompt(text: string): this {
    this.base('user', { message: { role: 'user', content: text } })
    return this
  }

  /** One API response: one record per block, each with the same message id and usage. */
  assistant(blocks: Block[], usage: UsageIn, options: { model?: string; stop_reason?: string | null; id?: string } = {}): this {
    const id = options.id ?? `msg_${++this.n}_${randomUUID().slice(0, 8)}`
    const requestId = `req_${id}`
    blocks.forEach((block, i) => {
      const lastBlock = i === blocks.length - 1
      this.base('assistant', {
        requestId,
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: options.model ?? 'claude-sonnet-4-5-20250929',
          content: [block],
          stop_reason: lastBlock ? (options.stop_reason ?? null) : null,
          stop_sequence: null,
          usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage, service_tier: 'standard' },
        },
      })
    })
    return this
  }

  text(text: string, usage: UsageIn = { input_tokens: 10, output_tokens: 20 }, stop_reason: string | null = 'end_turn'): this {
    return this.assistant([{ type: 'text', text }], usage, { stop_reason })
  }

  tool(name: string, input: Record<string, unknown>, result: string, usage: UsageIn = { input_tokens: 10, output_tokens: 20 }, isError = false): this {
    const id = `toolu_${randomUUID().replace(/-/g, '').slice(0, 20)}`
    this.assistant([{ type: 'tool_use', id, name, input }], usage, { stop_reason: 'tool_use' })
    this.base('user', {
      message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content: result, ...(isError ? { is_error: true } : {}) }] },
      toolUseResult: { stdout: result, stderr: '' },
    })
    return this
  }

  summary(text: string): this {
    this.records.unshift({ type: 'summary', summary: text, leafUuid: randomUUID() })
    return this
  }

  /** A record type seance does not know (Claude Code adds new ones). */
  unknown(type = 'file-history-snapshot'): this {
    this.records.push({ type, messageId: randomUUID(), snapshot: { trackedFileBackups: {} }, isSnapshotUpdate: false })
    return this
  }

  jsonl(): string {
    return this.records.map((r) => JSON.stringify(r)).join('\n') + '\n'
  }

  /** Writes `<config>/projects/<slug(cwd)>/<name>` (default `<session>.jsonl`) and returns its path. */
  write(configDir: string, name = `${this.sessionId}.jsonl`): string {
    const path = join(configDir, 'projects', slugOf(this.cwd), name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, this.jsonl())
    return path
  }
}

/** A temp root with a CLAUDE_CONFIG_DIR, a WT_HOME, and worktree paths holding `.` and `_`. */
export function seanceSandbox() {
  const root = mkdtempSync(join(tmpdir(), 'seance-test-'))
  const config = join(root, 'claude-config')
  const wtHome = join(root, 'wt-home')
  mkdirSync(config, { recursive: true })
  const worktree = (name: string) => join(root, 'worktrees', 'my_app.v2', name)
  const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_CONFIG_DIR: config, WT_HOME: wtHome, HOME: root }
  return { root, config, wtHome, worktree, env, openIndex: () => openIndex(wtHome) }
}

/** The transcript index inside `<home>/wt.db` (opened and migrated like wt opens it). */
export async function openIndex(home: string): Promise<TranscriptIndex & { close(): Promise<void> }> {
  const state = await openWtState(home)
  return Object.assign(new TranscriptIndex(state.raw), { close: () => state.close() })
}

/** The fake agent CLI (test/_support/fake-claude.mjs). */
export const fakeClaude = new URL('./fake-claude.mjs', import.meta.url).pathname
