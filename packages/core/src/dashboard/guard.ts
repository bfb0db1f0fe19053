import { timingSafeEqual } from 'node:crypto'

/** What the guard looks at: nothing but the request line and three headers. */
export interface GuardRequest {
  method: string
  path: string
  /** The `token` query parameter, when given. */
  token: string | null
  host: string | undefined
  origin: string | undefined
  contentType: string | undefined
}

export interface GuardPolicy {
  token: string
  /** `host:port` names this server answers to (anything else is DNS rebinding or a mistake). */
  hosts: ReadonlySet<string>
  readOnly: boolean
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string }

/** Paths whose requests change something: POST only, never in read-only mode. */
export const isActionPath = (path: string) => path.startsWith('/api/action/')

/**
 * The dashboard's request rule, pure. A page on another site must not reach the dashboard through
 * the browser: a foreign Host (DNS rebinding) or Origin is refused before anything else; every URL
 * needs the per-run token (a cross-site page cannot know it); an action needs POST with a JSON body
 * (a plain HTML form cannot send one) and is refused outright in read-only mode.
 */
export function checkRequest(req: GuardRequest, policy: GuardPolicy): GuardVerdict {
  if (!req.host || !policy.hosts.has(req.host.toLowerCase())) return deny(403, `foreign Host: ${req.host ?? '(none)'}`)
  if (req.origin !== undefined && !sameOrigin(req.origin, policy.hosts)) return deny(403, `foreign Origin: ${req.origin}`)
  if (!req.token || !tokensEqual(req.token, policy.token)) return deny(401, req.token ? 'wrong token' : 'missing token')
  if (isActionPath(req.path)) {
    if (policy.readOnly) return deny(403, 'read-only dashboard: actions are off')
    if (req.method !== 'POST') return deny(405, `${req.method} cannot change anything: use POST`)
    if (!/^application\/json\b/i.test(req.contentType ?? '')) return deny(415, 'actions take a JSON body (Content-Type: application/json)')
  } else if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, `${req.method} ${req.path}: only GET here`)
  return { ok: true }
}

/** The `host:port` names a server bound to `host` answers to: loopback also by its usual names. */
export function allowedHosts(host: string, port: number): Set<string> {
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]']
  const names = loopback.includes(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]
  return new Set(names.map((n) => `${n.toLowerCase()}:${port}`))
}

function sameOrigin(origin: string, hosts: ReadonlySet<string>): boolean {
  const m = /^http:\/\/([^/]+)$/i.exec(origin)
  return !!m && hosts.has(m[1]!.toLowerCase())
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const deny = (status: number, reason: string): GuardVerdict => ({ ok: false, status, reason })
