/**
 * A loopback stand-in for the model APIs the real agent CLIs call: Anthropic's Messages API (Claude
 * Code) and OpenAI's Responses API (Codex), both streaming. It is also the CLIs' HTTP(S) proxy, so
 * anything they try to reach elsewhere arrives here and is refused (and recorded): nothing leaves
 * the machine.
 *
 * Replies are driven by markers in the newest user text, so a test says what it wants in the prompt:
 *   [[bash: <command>]]          a tool_use of Bash (Claude Code asks permission, then runs it)
 *   [[write: <path> | <text>]]   a tool_use of Write
 *   [[slow: <ms>]]               stream slowly: the reply takes that long (the spinner shows)
 * After a tool result the reply is plain text. Every reply carries usage, summed in `usage` for the
 * requests that belong to the conversation (the ones that offer tools; side requests such as title
 * generation are counted apart).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Usage {
  input_tokens: number
  output_tokens: number
  cache_read_input_tokens: number
  cache_creation_input_tokens: number
}

export interface StandInRequest {
  path: string
  /** The request offered tools: it is a turn of the conversation, not a side request. */
  main: boolean
  /** The newest user text (tool results excluded). */
  text: string
  /** Names of the tools the request offered. */
  tools: string[]
  reply: string
  usage: Usage
  /**
   * The usage the client has been told so far: message_start's (output 1) until message_delta
   * brings the final output count. A reply cut short (an interrupt) stops at the first.
   */
  told: Usage
  at: Date
}

export interface StandIn {
  url: string
  port: number
  requests: StandInRequest[]
  /** Hosts the CLIs tried to reach through the proxy (all refused). */
  refused: string[]
  /** Summed usage the client was told, over the conversation's requests. */
  usage(): Usage
  /** Environment that points a CLI at the stand-in and keeps everything on the machine. */
  env(): Record<string, string>
  close(): Promise<void>
}

const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i.test(host)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What to answer, from the newest user text. */
export function planReply(
  text: string,
  afterTool: boolean,
  tools: readonly string[],
): { kind: 'text'; text: string } | { kind: 'tool'; name: string; input: Record<string, string> } {
  const bash = /\[\[bash:\s*([^\]]+?)\s*\]\]/.exec(text)
  const write = /\[\[write:\s*([^|\]]+?)\s*\|\s*([^\]]*?)\s*\]\]/.exec(text)
  if (!afterTool && bash && tools.includes('Bash'))
    return { kind: 'tool', name: 'Bash', input: { command: bash[1]!, description: 'Run the requested command' } }
  if (!afterTool && write && tools.includes('Write')) return { kind: 'tool', name: 'Write', input: { file_path: write[1]!, content: write[2]! + '\n' } }
  if (afterTool) return { kind: 'text', text: 'Done: the tool ran.' }
  const words = text
    .replace(/\[\[[^\]]*\]\]/g, '')
    .trim()
    .split(/\s+/)
    .slice(0, 8)
    .join(' ')
  return { kind: 'text', text: `Stand-in reply to: ${words}` }
}

const slowMs = (text: string) => Number(/\[\[slow:\s*(\d+)\s*\]\]/.exec(text)?.[1] ?? 0)

function userText(content: unknown): { text: string; toolResult: boolean } {
  if (typeof content === 'string') return { text: content, toolResult: false }
  if (!Array.isArray(content)) return { text: '', toolResult: false }
  const blocks = content as Array<{ type?: string; text?: string }>
  return {
    text: blocks
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text)
      .join('\n'),
    // A tool result answers our tool_use; a result followed by new text is a fresh prompt (an
    // interrupted tool call travels with the next message).
    toolResult: ['tool_result', 'function_call_output'].includes(blocks[blocks.length - 1]?.type ?? ''),
  }
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })

export async function startStandIn(options: { delayMs?: number } = {}): Promise<StandIn> {
  const delayMs = options.delayMs ?? 300
  const requests: StandInRequest[] = []
  const refused: string[] = []
  let serial = 0
  const sockets = new Set<Socket>()

  const server = createServer(async (req, res) => {
    try {
      // Absolute-form request line: someone used us as a plain HTTP proxy.
      if (/^https?:\/\//i.test(req.url ?? '')) {
        const host = new URL(req.url!).hostname
        if (!isLoopback(host)) {
          refused.push(host)
          res.writeHead(403).end('the stand-in refuses to forward off the machine')
          return
        }
      }
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const body = req.method === 'POST' ? await readBody(req) : ''
      if (req.method === 'POST' && /\/v1\/messages\/count_tokens$/.test(path)) return json(res, { input_tokens: 100 })
      if (req.method === 'POST' && /\/v1\/messages$/.test(path)) return await messages(JSON.parse(body), res, path)
      if (req.method === 'POST' && /\/responses$/.test(path)) return await responses(JSON.parse(body), res, path)
      if (req.method === 'GET' && /\/models$/.test(path)) return json(res, { data: [], object: 'list' })
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `stand-in: no ${req.method} ${path}` } }))
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e))
      else res.end()
    }
  })
  // HTTPS through the proxy: CONNECT host:port. Only loopback would be allowed, and nothing needs it.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    refused.push((req.url ?? '').replace(/:\d+$/, ''))
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n')
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const usageFor = (text: string): Usage => {
    serial++
    return {
      input_tokens: 100 + serial * 7 + (text.length % 50),
      output_tokens: 12 + serial,
      cache_read_input_tokens: 40 * serial,
      cache_creation_input_tokens: 5 + serial,
    }
  }

  async function messages(
    body: { messages?: Array<{ role: string; content: unknown }>; tools?: Array<{ name: string }>; stream?: boolean; model?: string },
    res: ServerResponse,
    path: string,
  ) {
    const msgs = body.messages ?? []
    const last = [...msgs].reverse().find((m) => m.role === 'user')
    const { text: lastText, toolResult } = userText(last?.content)
    // The newest user text with markers, even when the last message only carries a tool result.
    const text =
      lastText ||
      [...msgs]
        .reverse()
        .map((m) => (m.role === 'user' ? userText(m.content).text : ''))
        .find(Boolean) ||
      ''
    const tools = (body.tools ?? []).map((t) => t.name)
    const plan = planReply(text, toolResult, tools)
    const usage = usageFor(text)
    const id = `msg_standin_${serial}`
    const model = body.model ?? 'claude-standin'
    const reply = plan.kind === 'text' ? plan.text : `tool_use ${plan.name} ${JSON.stringify(plan.input)}`
    const request: StandInRequest = { path, main: tools.length > 0, text, tools, reply, usage, told: { ...usage, output_tokens: 0 }, at: new Date() }
    requests.push(request)
    const toolId = `toolu_standin_${serial}`
    const content = plan.kind === 'text' ? [{ type: 'text', text: plan.text }] : [{ type: 'tool_use', id: toolId, name: plan.name, input: plan.input }]
    const stop = plan.kind === 'text' ? 'end_turn' : 'tool_use'
    if (!body.stream) {
      request.told = usage
      return json(res, { id, type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null, usage })
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_standin_${serial}` })
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    const pace = Math.max(delayMs, toolResult ? 0 : slowMs(text))
    send('message_start', {
      type: 'message_start',
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    })
    request.told = { ...usage, output_tokens: 1 }
    if (plan.kind === 'text') {
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
      const words = plan.text.split(/(?<= )/)
      for (const w of words) {
        if (res.destroyed) return
        await sleep(pace / words.length)
        send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } })
      }
    } else {
      await sleep(pace)
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: toolId, name: plan.name, input: {} } })
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(plan.input) } })
    }
    send('content_block_stop', { type: 'content_block_stop', index: 0 })
    send('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } })
    request.told = usage
    send('message_stop', { type: 'message_stop' })
    res.end()
  }

  /** OpenAI Responses API, streaming, as Codex calls it. */
  async function responses(
    body: { input?: Array<{ type?: string; role?: string; content?: unknown }>; tools?: Array<{ name?: string; type?: string }>; model?: string },
    res: ServerResponse,
    path: string,
  ) {
    const items = body.input ?? []
    const lastItem = items[items.length - 1]
    const toolResult = lastItem?.type === 'function_call_output'
    const userItems = items.filter((i) => i.role === 'user')
    const text = userItems.length ? textOfInput(userItems[userItems.length - 1]!.content) : ''
    const tools = (body.tools ?? []).map((t) => t.name ?? t.type ?? '')
    const shellTool = tools.find((t) => t === 'shell' || t === 'exec_command' || t === 'local_shell')
    const bash = /\[\[bash!?:\s*([^\]]+?)\s*\]\]/.exec(text)
    const usage = usageFor(text)
    const id = `resp_standin_${serial}`
    const model = body.model ?? 'gpt-standin'
    const callTool = !toolResult && !!bash && !!shellTool
    const replyText = toolResult
      ? 'Done: the tool ran.'
      : `Stand-in reply to: ${text
          .replace(/\[\[[^\]]*\]\]/g, '')
          .trim()
          .split(/\s+/)
          .slice(0, 8)
          .join(' ')}`
    requests.push({
      path,
      main: tools.length > 0,
      text,
      tools,
      reply: callTool ? `tool ${shellTool} ${bash![1]}` : replyText,
      usage,
      told: usage,
      at: new Date(),
    })
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    let seq = 0
    const send = (data: Record<string, unknown>) => res.write(`event: ${data.type}\ndata: ${JSON.stringify({ ...data, sequence_number: seq++ })}\n\n`)
    const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model, status: 'in_progress', output: [] as unknown[] }
    send({ type: 'response.created', response: base })
    const pace = Math.max(delayMs, toolResult ? 0 : slowMs(text))
    let item: Record<string, unknown>
    if (callTool) {
      await sleep(pace)
      // [[bash!: …]] asks Codex to run it outside its sandbox, which it must ask a person about.
      const escalate = bash![0].startsWith('[[bash!') ? { sandbox_permissions: 'require_escalated', justification: 'The test asks for it.' } : {}
      const args = shellTool === 'exec_command' ? { cmd: bash![1], ...escalate } : { command: ['bash', '-lc', bash![1]], ...escalate }
      item = {
        type: 'function_call',
        id: `fc_standin_${serial}`,
        call_id: `call_standin_${serial}`,
        name: shellTool,
        arguments: JSON.stringify(args),
        status: 'completed',
      }
      send({ type: 'response.output_item.added', output_index: 0, item })
    } else {
      const msgId = `msg_standin_${serial}`
      send({ type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: msgId, role: 'assistant', status: 'in_progress', content: [] } })
      send({ type: 'response.content_part.added', item_id: msgId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } })
      const words = replyText.split(/(?<= )/)
      for (const w of words) {
        if (res.destroyed) return
        await sleep(pace / words.length)
        send({ type: 'response.output_text.delta', item_id: msgId, output_index: 0, content_index: 0, delta: w })
      }
      send({ type: 'response.output_text.done', item_id: msgId, output_index: 0, content_index: 0, text: replyText })
      item = { type: 'message', id: msgId, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: replyText, annotations: [] }] }
    }
    send({ type: 'response.output_item.done', output_index: 0, item })
    send({
      type: 'response.completed',
      response: {
        ...base,
        status: 'completed',
        output: [item],
        usage: {
          input_tokens: usage.input_tokens,
          input_tokens_details: { cached_tokens: usage.cache_read_input_tokens },
          output_tokens: usage.output_tokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.input_tokens + usage.output_tokens,
        },
      },
    })
    res.end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    requests,
    refused,
    usage() {
      const sum: Usage = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }
      for (const r of requests.filter((r) => r.main)) for (const k of Object.keys(sum) as Array<keyof Usage>) sum[k] += r.told[k]
      return sum
    },
    env: () => ({
      ANTHROPIC_BASE_URL: url,
      OPENAI_BASE_URL: `${url}/v1`,
      HTTPS_PROXY: url,
      HTTP_PROXY: url,
      https_proxy: url,
      http_proxy: url,
      ALL_PROXY: url,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

function textOfInput(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return (content as Array<{ type?: string; text?: string }>)
    .filter((c) => typeof c.text === 'string')
    .map((c) => c.text)
    .join('\n')
}

const json = (res: ServerResponse, data: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data))
