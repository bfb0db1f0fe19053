// The dashboard's pure rules (request guard, graph, layout, attention) and its SSE hub over a real
// loopback socket.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createServer } from 'node:http'
import { allowedHosts, checkRequest, type GuardRequest } from '../../packages/core/src/dashboard/guard.js'
import { layeredLayout } from '../../packages/core/src/dashboard/layout.js'
import { SseHub } from '../../packages/core/src/dashboard/sse-hub.js'
import { attention, suggestedRung, type FleetRow } from '../../packages/core/src/dashboard/view-models.js'
import { criticalPath, workGraph, type GraphBead, type GraphEdge } from '../../packages/core/src/dashboard/work-graph.js'
import { browserCommand } from '../../packages/core/src/dashboard/open-browser.js'

const policy = { token: 'secret-token-123', hosts: allowedHosts('127.0.0.1', 4000), readOnly: false }
const req = (over: Partial<GuardRequest> = {}): GuardRequest => ({
  method: 'GET',
  path: '/api/snapshot',
  token: 'secret-token-123',
  host: '127.0.0.1:4000',
  origin: undefined,
  contentType: undefined,
  ...over,
})
const status = (r: ReturnType<typeof checkRequest>) => (r.ok ? 200 : r.status)

test('guard: loopback names pass; a foreign Host or Origin is refused before the token is even looked at', () => {
  for (const host of ['127.0.0.1:4000', 'localhost:4000', '[::1]:4000', 'LOCALHOST:4000']) assert.is(status(checkRequest(req({ host }), policy)), 200, host)
  for (const host of ['evil.example:4000', '127.0.0.1:4001', 'localhost', undefined]) assert.is(status(checkRequest(req({ host }), policy)), 403, String(host))
  assert.is(status(checkRequest(req({ origin: 'http://localhost:4000' }), policy)), 200)
  for (const origin of ['http://evil.example', 'https://127.0.0.1:4000', 'null', 'http://127.0.0.1:4000.evil.example']) {
    const r = checkRequest(req({ origin, token: null }), policy)
    assert.equal(r, { ok: false, status: 403, reason: `foreign Origin: ${origin}` })
  }
  // Bound to another address: only that name, not the loopback ones.
  assert.equal([...allowedHosts('192.168.1.5', 80)], ['192.168.1.5:80'])
  assert.equal([...allowedHosts('::1', 80)].sort(), ['127.0.0.1:80', '[::1]:80', 'localhost:80'])
})

test('guard: every URL needs the token; actions need POST with JSON, and read-only refuses them', () => {
  assert.equal(checkRequest(req({ token: null }), policy), { ok: false, status: 401, reason: 'missing token' })
  assert.equal(checkRequest(req({ token: 'secret-token-124' }), policy), { ok: false, status: 401, reason: 'wrong token' })
  assert.is(status(checkRequest(req({ token: 'short' }), policy)), 401)
  const action = { path: '/api/action/send', method: 'POST', contentType: 'application/json' }
  assert.is(status(checkRequest(req(action), policy)), 200)
  assert.is(status(checkRequest(req({ ...action, method: 'GET' }), policy)), 405)
  assert.is(status(checkRequest(req({ ...action, contentType: 'application/x-www-form-urlencoded' }), policy)), 415)
  assert.is(status(checkRequest(req({ ...action, contentType: undefined }), policy)), 415)
  const ro = checkRequest(req(action), { ...policy, readOnly: true })
  assert.equal(ro, { ok: false, status: 403, reason: 'read-only dashboard: actions are off' })
  assert.is(status(checkRequest(req(), { ...policy, readOnly: true })), 200, 'read-only still shows')
  assert.is(status(checkRequest(req({ method: 'POST' }), policy)), 405, 'nothing else takes a POST')
})

const bead = (id: string, status = 'open', over: Partial<GraphBead> = {}): GraphBead => ({
  id,
  title: `title ${id}`,
  status,
  priority: 2,
  issue_type: 'task',
  assignee: null,
  labels: [],
  is_blocked: false,
  ...over,
})
const blocks = (from: string, to: string): GraphEdge => ({ from, to, type: 'blocks' })

test('critical path: the longest chain of open blocks edges; closed beads and other edge types do not count', () => {
  // a → b → c → d is the longest; x → d is shorter; c2 is closed and breaks a longer chain.
  const beads = ['a', 'b', 'c', 'd', 'x', 'p', 'q', 'r', 's', 't'].map((id) => bead(id)).concat(bead('c2', 'closed'))
  const edges = [
    blocks('a', 'b'),
    blocks('b', 'c'),
    blocks('c', 'd'),
    blocks('x', 'd'),
    blocks('p', 'q'),
    blocks('q', 'c2'),
    blocks('c2', 'r'),
    blocks('r', 's'),
    blocks('s', 't'),
    { from: 't', to: 'a', type: 'related' },
  ]
  const g = workGraph('demo', beads, edges, new Set(['a', 'x', 'p']))
  assert.equal(g.critical_path, ['a', 'b', 'c', 'd'])
  assert.equal(
    g.nodes
      .filter((n) => n.critical)
      .map((n) => n.id)
      .sort(),
    ['a', 'b', 'c', 'd'],
  )
  assert.equal(
    g.edges.filter((e) => e.critical).map((e) => `${e.from}>${e.to}`),
    ['a>b', 'b>c', 'c>d'],
  )
  assert.equal(criticalPath([]), [])
  // A cycle (an import can bring one) does not hang it: the chain stops where the cycle starts.
  assert.equal(criticalPath([blocks('a', 'b'), blocks('b', 'a'), blocks('c', 'a')]), ['c', 'a'])
})

test('graph: kinds, filters by label and priority, closed groups folded into one node', () => {
  const beads = [
    bead('open1', 'open', { labels: ['api'], priority: 0 }),
    bead('held', 'open', { is_blocked: true, labels: ['api'] }),
    bead('busy', 'in_progress', { labels: ['ui'] }),
    bead('c1', 'closed'),
    bead('c2', 'closed'),
    bead('c3', 'closed'),
    bead('lonely', 'closed'),
  ]
  const edges = [blocks('open1', 'held'), { from: 'c1', to: 'c2', type: 'parent-child' }, blocks('c2', 'c3'), blocks('c3', 'held')]
  const ready = new Set(['open1'])
  const g = workGraph('demo', beads, edges, ready)
  const kinds = Object.fromEntries(g.nodes.map((n) => [n.id, n.kind]))
  assert.equal(kinds, { open1: 'ready', held: 'blocked', busy: 'in_progress', c1: 'closed', lonely: 'closed' })
  assert.is(g.nodes.find((n) => n.id === 'c1')!.folded, 2)
  assert.ok(
    g.edges.some((e) => e.from === 'c1' && e.to === 'held'),
    'the folded group keeps its edge to the open bead',
  )
  assert.equal(g.counts, { ready: 1, blocked: 1, in_progress: 1, closed: 4, open: 0, total: 7, shown: 5 })
  const all = workGraph('demo', beads, edges, ready, { collapseClosed: false })
  assert.is(all.nodes.length, 7)
  assert.equal(
    workGraph('demo', beads, edges, ready, { labels: ['api'] }).nodes.map((n) => n.id),
    ['open1', 'held'],
  )
  assert.equal(
    workGraph('demo', beads, edges, ready, { priorities: [0] }).nodes.map((n) => n.id),
    ['open1'],
  )
})

test('layout: a blocker is always in an earlier column than what it blocks; loose beads sit below; nothing overlaps', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `n${i}`)
  const edges: Array<[string, string]> = []
  for (let i = 1; i < 200; i++) edges.push([`n${Math.floor((i * 7919) % i)}`, `n${i}`], [`n${Math.floor(i / 2)}`, `n${i}`])
  const layout = layeredLayout({ ids, edges })
  for (const [a, b] of edges) if (a !== b) assert.ok(layout.at.get(a)!.x < layout.at.get(b)!.x, `${a} before ${b}`)
  const spots = new Set([...layout.at.values()].map((p) => `${p.x},${p.y}`))
  assert.is(spots.size, ids.length, 'no two beads share a spot')
  const graphBottom = Math.max(...ids.slice(0, 200).map((id) => layout.at.get(id)!.y))
  for (const id of ids.slice(200)) assert.ok(layout.at.get(id)!.y > graphBottom, `${id} has no edges: below the graph`)
  for (const p of layout.at.values()) assert.ok(p.x + 180 <= layout.width && p.y + 30 <= layout.height)
  // A cycle still gets a place for every bead.
  assert.is(
    layeredLayout({
      ids: ['a', 'b'],
      edges: [
        ['a', 'b'],
        ['b', 'a'],
      ],
    }).at.size,
    2,
  )
})

const worker = (name: string, state: string, over: Partial<FleetRow> = {}): FleetRow =>
  ({
    id: 1,
    name,
    project: 'demo',
    bead: `t-${name}`,
    title: `work of ${name}`,
    state,
    signal: null,
    message: null,
    idle_seconds: 10,
    escalation_level: 0,
    action: 'none',
    menu: null,
    evidence: null,
    live: true,
    hook: null,
    ...over,
  }) as FleetRow

test('attention: only what needs a person, most urgent first, each with the ladder rung it suggests', () => {
  const fleet = [
    worker('amber', 'working'),
    worker('basalt', 'stuck', { escalation_level: 1 }),
    worker('cobalt', 'waiting', { message: 'which port?' }),
    worker('dune', 'idle', { action: 'check' }),
    worker('ember', 'idle', { action: 'investigate', idle_seconds: 1200 }),
    worker('flint', 'dead'),
    worker('garnet', 'exited', { live: false }),
    worker('hazel', 'waiting', {
      menu: {
        kind: 'permission',
        question: 'Run psql?',
        options: [
          { number: 1, label: 'Yes' },
          { number: 2, label: 'No' },
        ],
        selected: 1,
      },
    }),
  ]
  const screens = new Map([['cobalt', 'working…\n\nShould I use port 5432 or 5433?\nready> ']])
  const items = attention(fleet, screens, [{ project: 'demo', id: 't-held', title: 'needs a key', priority: 1, note: 'Waiting for: the API key' }])
  assert.equal(
    items.map((i) => [i.key, i.rung]),
    [
      ['cobalt', 1],
      ['hazel', 2],
      ['basalt', 2],
      ['flint', 3],
      ['ember', 1],
      ['demo/t-held', null],
    ],
  )
  const cobalt = items[0]!
  assert.match(cobalt.why, /which port\?/)
  assert.match(cobalt.question!, /Should I use port 5432 or 5433\?/)
  assert.equal(items[1]!.options, ['1. Yes', '2. No'])
  assert.is(items[1]!.question, 'Run psql?')
  assert.is(items.at(-1)!.why, 'Waiting for: the API key')
  assert.equal(attention([worker('amber', 'working')], new Map(), []), [], 'all quiet')
  assert.is(suggestedRung({ state: 'stuck', menu: null, escalation_level: 9 }), 4)
})

test('--open runs the platform opener with the URL as one argument', () => {
  const url = 'http://127.0.0.1:1/?token=a;b&c=$(x)'
  assert.equal(browserCommand('linux', url), { command: 'xdg-open', args: [url] })
  assert.equal(browserCommand('darwin', url), { command: 'open', args: [url] })
})

test('SSE hub: a page reconnecting with Last-Event-ID gets exactly what it missed; a new one gets the current picture', async () => {
  const hub = new SseHub(3)
  const server = createServer((rq, res) => hub.attach(res, rq.headers['last-event-id'] as string | undefined))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const read = async (lastId: string | undefined, frames: number) => {
    const ctrl = new AbortController()
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: lastId ? { 'Last-Event-ID': lastId } : {}, signal: ctrl.signal })
    const reader = res.body!.getReader()
    let text = ''
    while ((text.match(/\n\n/g) ?? []).length < frames + 1) text += new TextDecoder().decode((await reader.read()).value)
    ctrl.abort()
    return text
      .split('\n\n')
      .filter((f) => f.startsWith('id:'))
      .map((f) =>
        f
          .split('\n')
          .map((l) => l.replace(/^\w+: /, ''))
          .join(' '),
      )
  }
  try {
    hub.publish('snapshot', { n: 1 })
    hub.publish('events', [1])
    hub.publish('snapshot', { n: 2 })
    hub.publish('events', [2])
    assert.equal(await read('2', 2), ['3 snapshot {"n":2}', '4 events [2]'])
    assert.equal(await read(undefined, 2), ['3 snapshot {"n":2}', '4 events [2]'], 'a new page: the latest of each type')
    // Missed more than the backlog holds (3): the latest of each type, then resync.
    hub.publish('beads', { demo: 1 })
    hub.publish('events', [3])
    assert.equal(await read('1', 4), ['3 snapshot {"n":2}', '5 beads {"demo":1}', '6 events [3]', '6 resync null'])
    // Live: a published message reaches an open stream.
    const live = read('6', 1)
    await new Promise((r) => setTimeout(r, 100))
    hub.publish('snapshot', { n: 3 })
    assert.equal(await live, ['7 snapshot {"n":3}'])
  } finally {
    hub.closeAll()
    server.close()
  }
})

test.run()
