import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, extname, join } from 'node:path'
import { DomainError, isDomainError } from '../errors.js'
import type { WorkerPool } from '../workers/pool.js'
import { runAction } from './actions.js'
import { allowedHosts, checkRequest, isActionPath } from './guard.js'
import { LiveObserver, type TickStats } from './live.js'
import { SseHub } from './sse-hub.js'
import { readBead, readProjectBeads } from './work-data.js'
import { workGraph } from './work-graph.js'

/**
 * The client: plain files shipped in the package (no CDN, no build step), found through the
 * package's own name: the wt bundle runs this module from another folder than core's dist.
 */
const ASSETS = dirname(createRequire(import.meta.url).resolve('@beadwork/core/assets/dashboard/index.html'))
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}
const ASSET_NAME = /^[a-z0-9-]+\.(js|css|svg)$/
const MAX_BODY = 64 * 1024

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The token is in every URL: never hand it to another site in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
}

export interface DashboardOptions {
  host?: string
  port?: number
  readOnly?: boolean
  /** Seconds between observations (default: watch.interval). */
  interval: number
  /** Fixed token (tests); a fresh random one per run otherwise. */
  token?: string
  onError?: (e: unknown) => void
}

export interface Dashboard {
  url: string
  host: string
  port: number
  token: string
  readOnly: boolean
  stats(): TickStats & { pages: number }
  close(): Promise<void>
}

/**
 * `wt dashboard`: an HTTP server on loopback (node:http: a handful of routes, no framework needed)
 * and one LiveObserver feeding every page over Server-Sent Events. Every request passes the guard
 * first (guard.ts).
 */
export async function startDashboard(pool: WorkerPool, options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? randomBytes(18).toString('base64url')
  const readOnly = !!options.readOnly
  const hub = new SseHub()
  const live = new LiveObserver(pool, hub, { interval: options.interval, readOnly, onError: options.onError })
  let hosts = new Set<string>()

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      options.onError?.(e)
      if (!res.headersSent) send(res, 500, { error: { code: 'FAILED', message: 'internal error' } })
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid')
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        token: url.searchParams.get('token'),
        host: req.headers.host,
        origin: req.headers.origin,
        contentType: req.headers['content-type'],
      },
      { token, hosts, readOnly },
    )
    if (!verdict.ok) return send(res, verdict.status, { error: { code: 'REFUSED', message: verdict.reason } })
    const q = url.searchParams
    try {
      if (isActionPath(url.pathname)) {
        const result = await runAction(pool, url.pathname.slice('/api/action/'.length), await jsonBody(req))
        await live.tick()
        return send(res, 200, result)
      }
      switch (url.pathname) {
        case '/':
          return page(res, token)
        case '/api/stream':
          return hub.attach(res, (req.headers['last-event-id'] as string | undefined) ?? q.get('lastEventId') ?? undefined)
        case '/api/snapshot':
          return send(res, 200, live.snapshot)
        case '/api/worker':
          return send(res, 200, await workerPage(q.get('name') ?? ''))
        case '/api/events':
          return send(res, 200, await pool.events({ limit: intParam(q, 'limit', 200), worker: q.get('worker') || undefined }))
        case '/api/ready':
          return send(res, 200, (await pool.projects()).length ? await pool.ready() : [])
        case '/api/projects':
          return send(res, 200, await pool.projects())
        case '/api/graph': {
          const data = await readProjectBeads(pool.ctx, q.get('project') ?? '')
          const list = (k: string) =>
            (q.get(k) ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          const priorities = list('priority').map((p) => {
            if (!/^[0-4]$/.test(p.replace(/^p/i, ''))) throw new DomainError('INVALID_PRIORITY', `invalid priority: ${JSON.stringify(p)}`, { hint: 'Use 0-4.' })
            return Number(p.replace(/^p/i, ''))
          })
          return send(
            res,
            200,
            workGraph(data.project, data.beads, data.edges, data.ready, { labels: list('label'), priorities, collapseClosed: q.get('collapse') !== '0' }),
          )
        }
        case '/api/bead':
          return send(res, 200, await readBead(pool.ctx, q.get('project') ?? '', q.get('id') ?? ''))
        case '/api/stats':
          return send(res, 200, { ...live.stats, pages: hub.size })
        default:
          if (url.pathname.startsWith('/assets/')) return asset(res, url.pathname.slice('/assets/'.length))
          return send(res, 404, { error: { code: 'NOT_FOUND', message: `no such page: ${url.pathname}` } })
      }
    } catch (e) {
      if (!isDomainError(e)) throw e
      const status = e.code === 'NOT_FOUND' ? 404 : e.code === 'CONFLICT' || e.code === 'ALREADY_CLAIMED' ? 409 : 400
      return send(res, status, { error: e.toJSON() })
    }
  }

  async function workerPage(name: string) {
    const row = live.snapshot?.fleet.find((w) => w.name === name)
    if (!row) throw new DomainError('NOT_FOUND', `worker not found: ${JSON.stringify(name)}`)
    return { worker: row, screen: live.screens.get(name) ?? null, events: await pool.events({ worker: name, limit: 100 }) }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new DomainError('UNAVAILABLE', `cannot listen on ${host}:${options.port ?? 0}: ${e.code ?? e.message}`, {
          hint: e.code === 'EADDRINUSE' ? 'Pick another --port (or 0 for any free one).' : undefined,
        }),
      ),
    )
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as { port: number }).port
  hosts = allowedHosts(host, port)
  try {
    await live.start()
  } catch (e) {
    server.close()
    throw e
  }
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    readOnly,
    stats: () => ({ ...live.stats, pages: hub.size }),
    async close() {
      await live.stop()
      hub.closeAll()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

async function page(res: ServerResponse, token: string): Promise<void> {
  const html = (await readFile(join(ASSETS, 'index.html'), 'utf8')).replaceAll('__TOKEN__', token)
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES['.html']! })
  res.end(html)
}

async function asset(res: ServerResponse, name: string): Promise<void> {
  if (!ASSET_NAME.test(name)) return send(res, 404, { error: { code: 'NOT_FOUND', message: `no such asset: ${name}` } })
  let body: Buffer
  try {
    body = await readFile(join(ASSETS, name))
  } catch {
    return send(res, 404, { error: { code: 'NOT_FOUND', message: `no such asset: ${name}` } })
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream' })
  res.end(body)
}

function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new DomainError('INVALID_VALUE', `request body over ${MAX_BODY} bytes`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object')
        resolve(v as Record<string, unknown>)
      } catch {
        reject(new DomainError('INVALID_VALUE', 'request body is not a JSON object'))
      }
    })
    req.on('error', reject)
  })
}

function intParam(q: URLSearchParams, key: string, fallback: number): number {
  const v = q.get(key)
  if (v === null) return fallback
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1) throw new DomainError('INVALID_VALUE', `invalid ${key}: ${JSON.stringify(v)}`)
  return Number(v)
}
