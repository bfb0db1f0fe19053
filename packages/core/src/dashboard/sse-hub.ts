import type { ServerResponse } from 'node:http'

export interface HubMessage {
  id: number
  type: string
  data: unknown
}

/**
 * Server-Sent Events to every open page. Each message gets the next id and stays in a short
 * backlog, so a page that reconnects with `Last-Event-ID` gets exactly what it missed; one that
 * missed more than the backlog holds (or a new page) gets the latest message of each type, then a
 * `resync` telling it to fetch what only adds up over time (the events timeline) afresh.
 */
export class SseHub {
  private seq = 0
  private readonly backlog: HubMessage[] = []
  private readonly latest = new Map<string, HubMessage>()
  private readonly clients = new Set<ServerResponse>()

  constructor(private readonly backlogSize = 500) {}

  get size(): number {
    return this.clients.size
  }

  publish(type: string, data: unknown): HubMessage {
    const message = { id: ++this.seq, type, data }
    this.backlog.push(message)
    if (this.backlog.length > this.backlogSize) this.backlog.shift()
    this.latest.set(type, message)
    const frame = encode(message)
    for (const res of this.clients) res.write(frame)
    return message
  }

  /** Opens the stream on `res`, replaying what the page missed since `lastEventId`. */
  attach(res: ServerResponse, lastEventId: string | undefined): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
    res.write('retry: 1000\n\n')
    for (const m of this.missed(lastEventId)) res.write(encode(m))
    this.clients.add(res)
    res.on('close', () => this.clients.delete(res))
  }

  /** The messages a page that last saw `lastEventId` has not seen, oldest first. */
  missed(lastEventId: string | undefined): HubMessage[] {
    const last = lastEventId !== undefined && /^\d+$/.test(lastEventId) ? Number(lastEventId) : null
    const oldest = this.backlog[0]?.id ?? this.seq + 1
    if (last !== null && last <= this.seq && last >= oldest - 1) return this.backlog.filter((m) => m.id > last)
    const current = [...this.latest.values()].sort((a, b) => a.id - b.id)
    return last === null ? current : [...current, { id: this.seq, type: 'resync', data: null }]
  }

  /** Ends every stream (on shutdown: an open EventSource would otherwise keep the server up). */
  closeAll(): void {
    for (const res of this.clients) res.end()
    this.clients.clear()
  }
}

function encode(m: HubMessage): string {
  // JSON never contains a raw newline, so one data line carries the whole message.
  return `id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`
}
