// wt dashboard client: plain ES module, no build step. Every request carries the run's token;
// one EventSource keeps every view live. All text from the hub goes in as text nodes, never as HTML.
const token = new URLSearchParams(location.search).get('token') ?? ''
const main = document.getElementById('main')
const state = { snapshot: null, screens: {}, events: [], beads: {}, route: null, answers: {}, screenEls: {} }

// ---- plumbing --------------------------------------------------------------------------------
const withToken = (path, params = {}) => {
  const q = new URLSearchParams({ ...params, token })
  return `${path}?${q}`
}
async function api(path, params) {
  const res = await fetch(withToken(path, params))
  const body = await res.json()
  if (!res.ok) throw new Error(body?.error?.message ?? res.statusText)
  return body
}
async function act(name, body) {
  try {
    const res = await fetch(withToken(`/api/action/${name}`), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const out = await res.json()
    if (!res.ok) throw new Error(out?.error?.message + (out?.error?.hint ? ` (${out.error.hint})` : ''))
    return out
  } catch (e) {
    toast(e.message, true)
    return null
  }
}
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v)
    else if (k === 'class') el.className = v
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c))
  return el
}
/** Replaces the view: nested lists flattened, empty parts (null, false) dropped. */
const show = (...parts) => main.replaceChildren(...parts.flat(Infinity).filter((p) => p !== null && p !== undefined && p !== false))
function toast(text, error = false) {
  const el = h('div', { class: error ? 'error' : '' }, text)
  document.getElementById('toast').append(el)
  setTimeout(() => el.remove(), error ? 8000 : 4000)
}
const ago = (iso) => (iso ? `${duration((Date.now() - Date.parse(iso)) / 1000)} ago` : '')
function duration(s) {
  if (s === null || s === undefined) return ''
  s = Math.max(0, Math.round(s))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
}
const stateBadge = (s) => h('span', { class: `state ${s}` }, s)
const readOnly = () => !!state.snapshot?.read_only

/** Re-rendering must not eat what someone is typing: inputs marked data-keep survive it. */
function keepInputs(render) {
  const kept = new Map()
  for (const el of main.querySelectorAll('[data-keep]')) kept.set(el.dataset.keep, { value: el.value, focused: el === document.activeElement, start: el.selectionStart, end: el.selectionEnd })
  render()
  for (const el of main.querySelectorAll('[data-keep]')) {
    const k = kept.get(el.dataset.keep)
    if (!k) continue
    el.value = k.value
    if (k.focused) {
      el.focus()
      el.setSelectionRange?.(k.start, k.end)
    }
  }
}

/**
 * A live re-render of the current view. Held back while a mouse button is down, so a click that
 * straddles a tick still lands on the button it started on.
 */
let pressed = false
let pending = false
function rerender() {
  if (pressed) return void (pending = true)
  pending = false
  keepInputs(() => views[state.route.view](state.route, false))
}
document.addEventListener('pointerdown', () => (pressed = true), true)
document.addEventListener('pointerup', () => {
  pressed = false
  // After the click event this pointerup leads to.
  if (pending) setTimeout(rerender, 0)
}, true)

// ---- live stream -----------------------------------------------------------------------------
function connect() {
  const status = document.getElementById('status')
  const es = new EventSource(withToken('/api/stream'))
  es.onopen = () => {
    status.textContent = 'live'
    status.className = 'status live'
  }
  es.onerror = () => {
    // EventSource reconnects by itself and sends Last-Event-ID: the hub replays what was missed.
    status.textContent = 'reconnecting…'
    status.className = 'status'
  }
  es.addEventListener('snapshot', (e) => {
    state.snapshot = JSON.parse(e.data)
    if (['attention', 'fleet', 'worker'].includes(state.route?.view)) rerender()
  })
  es.addEventListener('screens', (e) => {
    state.screens = JSON.parse(e.data)
    const pre = document.querySelector('pre.screen[data-worker]')
    if (pre) screenOf(pre.dataset.worker)
  })
  es.addEventListener('events', (e) => {
    const fresh = mergeEvents(JSON.parse(e.data))
    if (fresh.length && ['events', 'worker'].includes(state.route?.view)) rerender()
  })
  es.addEventListener('beads', (e) => {
    const before = state.beads
    state.beads = JSON.parse(e.data)
    const moved = Object.keys(state.beads).some((p) => before[p] !== undefined && before[p] !== state.beads[p])
    if (moved && ['graph', 'ready', 'bead'].includes(state.route?.view)) route()
  })
  es.addEventListener('resync', () => loadEvents())
}
/** Adds events not seen yet, keeping the list in id order; returns the new ones. */
function mergeEvents(rows) {
  const seen = new Set(state.events.map((x) => x.id))
  const fresh = rows.filter((x) => !seen.has(x.id))
  state.events = [...state.events, ...fresh].sort((a, b) => a.id - b.id).slice(-1000)
  return fresh
}
async function loadEvents() {
  state.events = await api('/api/events', { limit: 500 })
  if (['events', 'worker'].includes(state.route?.view)) views[state.route.view](state.route, false)
}

// ---- actions (one set per worker, used on attention, fleet and worker pages) -----------------
const RUNGS = [
  [1, 'guidance'],
  [2, 'unblock'],
  [3, 'reset'],
  [4, 'defer'],
]
/** The input now on the page for `key` (a live re-render may have replaced the one a handler saw). */
const kept = (key) => main.querySelector(`[data-keep="${CSS.escape(key)}"]`)
function workerActions(name, suggested) {
  if (readOnly()) return null
  const key = `msg-${name}`
  const input = h('input', { type: 'text', placeholder: `message to ${name}`, 'data-keep': key, 'aria-label': `message to ${name}` })
  const message = () => (kept(key) ?? input).value.trim()
  const clear = () => kept(key) && (kept(key).value = '')
  return h(
    'div',
    { class: 'actions', 'data-worker': name },
    input,
    h('button', { onclick: async () => { if (await act('send', { worker: name, text: message() })) { toast(`sent to ${name}`); clear() } } }, 'Send'),
    RUNGS.map(([n, label]) =>
      h('button', {
        class: n === suggested ? 'suggested' : '',
        title: n === suggested ? 'suggested by the ladder' : `escalate: ${label}`,
        'data-rung': n,
        onclick: async () => {
          if (n >= 3 && !confirm(`${label} ${name}? This ends the worker.`)) return
          const r = await act('escalate', { worker: name, rung: String(n), message: message() || undefined })
          if (r) { toast(`${name}: ${r.rung} (level ${r.level})${r.notes?.length ? ' · ' + r.notes.join('; ') : ''}`); clear() }
        },
      }, `${n} ${label}`),
    ),
    h('button', { class: 'danger', onclick: async () => { if (confirm(`Kill ${name}? Its session and worktree go; the branch stays.`) && (await act('kill', { worker: name }))) toast(`${name} killed`) } }, 'Kill'),
  )
}
const spawnButton = (project) =>
  readOnly() ? null : h('button', { onclick: async () => { const r = await act('spawn', project ? { project } : {}); if (r) toast(`spawned ${r.worker} on ${r.bead} (${r.title})`) } }, project ? `Spawn next ready in ${project}` : 'Spawn next ready bead')

// ---- views -----------------------------------------------------------------------------------
const views = {
  attention() {
    const snap = state.snapshot
    if (!snap) return show(h('p', { class: 'quiet' }, 'Waiting for the first observation…'))
    const items = snap.attention
    const live = snap.fleet.filter((w) => w.live).length
    show(
      h('div', { class: 'row' }, h('h1', {}, 'Needs you'), h('span', { class: 'dim' }, `${live} live worker${live === 1 ? '' : 's'} · observed ${ago(snap.at)} · every ${snap.interval}s`), spawnButton()),
      items.length
        ? h('div', { class: 'cards', id: 'attention' }, items.map(attentionCard))
        : snap.conflicts.length
          ? null
          : h('p', { class: 'allquiet', id: 'all-quiet' }, `All quiet: ${live ? `${live} worker${live === 1 ? ' is' : 's are'} busy and nothing needs you.` : 'no live workers and nothing held.'}`),
      snap.conflicts.length ? [h('h2', {}, 'Conflicts ahead'), h('ul', { id: 'conflicts' }, snap.conflicts.map((c) => h('li', {}, c)))] : null,
    )
  },
  fleet() {
    const snap = state.snapshot
    if (!snap) return show(h('p', { class: 'quiet' }, 'Waiting for the first observation…'))
    const cols = ['Worker', 'State', 'Bead', 'Idle', 'Ahead', 'Files', 'Port', 'Esc.', 'Last hook', 'Action']
    show(
      h('div', { class: 'row' }, h('h1', {}, 'Fleet'), h('span', { class: 'dim' }, `observed ${ago(snap.at)}`), spawnButton()),
      snap.fleet.length
        ? h('table', { id: 'fleet' }, h('thead', {}, h('tr', {}, cols.map((c) => h('th', {}, c)))),
            h('tbody', {}, snap.fleet.map((w) => h('tr', { class: w.live ? 'live' : 'ended', 'data-worker': w.name },
              h('td', {}, w.live ? h('a', { href: `#/worker/${encodeURIComponent(w.name)}` }, w.name) : w.name),
              h('td', {}, stateBadge(w.state), w.live ? '' : h('span', { class: 'dim' }, ` ${w.end_reason ?? ''} ${ago(w.ended_at)}`)),
              h('td', {}, h('a', { href: `#/bead/${encodeURIComponent(w.project)}/${encodeURIComponent(w.bead)}`, class: 'mono' }, w.bead), ' ', h('span', { class: 'dim' }, w.title)),
              h('td', {}, duration(w.idle_seconds)),
              h('td', {}, w.commits_ahead ?? ''),
              h('td', {}, w.files_changed ?? ''),
              h('td', {}, w.port_offset),
              h('td', {}, w.escalation_level || ''),
              h('td', {}, w.hook ? `${w.hook.event} ${ago(w.hook.at)}` : ''),
              h('td', {}, w.action && w.action !== 'none' ? w.action : ''),
            ))))
        : h('p', { class: 'quiet' }, 'No workers yet. Spawn some: wt new --ready'),
    )
  },
  async worker(r, fetchFirst = true) {
    const name = r.arg
    const w = state.snapshot?.fleet.find((x) => x.name === name)
    if (fetchFirst) {
      try {
        const page = await api('/api/worker', { name })
        state.screens[name] = page.screen ?? state.screens[name]
        mergeEvents(page.events)
      } catch (e) {
        return show(h('p', { class: 'quiet' }, e.message))
      }
    }
    if (!w) return show(h('p', { class: 'quiet' }, `No worker named ${name}.`))
    const events = state.events.filter((e) => e.worker === name)
    // The answer outlives the page's live re-renders.
    const answer = (state.answers[name] ??= h('div', { id: 'seance-answer' }))
    const question = h('input', { type: 'text', placeholder: `ask ${name} why…`, 'data-keep': `seance-${name}`, 'aria-label': 'seance question' })
    show(
      h('div', { class: 'row' }, h('h1', {}, name), stateBadge(w.state), h('a', { href: `#/bead/${encodeURIComponent(w.project)}/${encodeURIComponent(w.bead)}`, class: 'mono' }, w.bead), h('span', {}, w.title)),
      h('p', { class: 'dim' }, `idle ${duration(w.idle_seconds)} · ${w.commits_ahead ?? '?'} commits ahead · ${w.files_changed ?? '?'} files changed · port offset ${w.port_offset} · escalation level ${w.escalation_level} · branch ${w.branch}`),
      w.live ? workerActions(name, null) : null,
      h('div', { class: 'cols' },
        h('section', {}, h('h2', {}, 'Screen'), screenOf(name)),
        h('section', {},
          h('h2', {}, 'Ask (seance, from its transcripts)'),
          readOnly() ? h('p', { class: 'dim' }, 'read-only dashboard') : h('form', { class: 'actions', onsubmit: async (ev) => {
            ev.preventDefault()
            answer.replaceChildren(h('p', { class: 'dim' }, 'reading transcripts…'))
            const r = await act('seance', { worker: name, question: (kept(`seance-${name}`) ?? question).value })
            answer.replaceChildren(r ? seanceAnswer(r) : '')
          } }, question, h('button', { type: 'submit' }, 'Ask')),
          answer,
          h('h2', {}, 'Events'),
          h('ul', { class: 'timeline' }, events.slice(-50).reverse().map(eventItem)),
        ),
      ),
    )
  },
  async graph(r) {
    // The renderer loads while the server lays the graph out.
    const renderer = import(`./graph.js?token=${encodeURIComponent(token)}`)
    const projects = await api('/api/projects')
    if (!projects.length) return show(h('p', { class: 'quiet' }, 'No projects registered: wt project add <name> <path>'))
    const p = r.params
    const project = p.get('project') ?? projects[0].name
    const params = { project, label: p.get('label') ?? '', priority: p.get('priority') ?? '', collapse: p.get('collapse') ?? '1' }
    show(h('p', { class: 'quiet' }, `Laying out ${project}…`))
    let g
    try {
      g = await api('/api/graph', params)
    } catch (e) {
      return show(h('p', { class: 'quiet' }, e.message))
    }
    const go = (changes) => (location.hash = `#/graph?${new URLSearchParams({ ...params, ...changes })}`)
    const c = g.counts
    show(
      h('div', { class: 'filters' },
        h('h1', {}, 'Work graph'),
        h('select', { 'aria-label': 'project', onchange: (e) => go({ project: e.target.value }) }, projects.map((x) => h('option', { value: x.name, selected: x.name === project }, x.name))),
        h('input', { type: 'text', placeholder: 'label', value: params.label, 'aria-label': 'label filter', onchange: (e) => go({ label: e.target.value }) }),
        h('input', { type: 'text', placeholder: 'priority e.g. 0,1', value: params.priority, size: 12, 'aria-label': 'priority filter', onchange: (e) => go({ priority: e.target.value }) }),
        h('label', {}, h('input', { type: 'checkbox', checked: params.collapse !== '0', onchange: (e) => go({ collapse: e.target.checked ? '1' : '0' }) }), ' collapse closed'),
        h('span', { class: 'legend' }, [['ready', c.ready], ['blocked', c.blocked], ['in_progress', c.in_progress], ['closed', c.closed], ['open', c.open]].map(([k, n]) => h('span', {}, h('i', { class: `k-${k}` }), `${k.replace('_', ' ')} ${n}`)),
          h('span', {}, h('i', { class: 'k-crit' }), `critical path: ${g.critical_path.length} beads`)),
        h('span', { class: 'dim', id: 'graph-count' }, `${c.shown} of ${c.total} shown`),
      ),
      h('div', { class: 'graph', id: 'graph' }),
    )
    const { renderGraph } = await renderer
    renderGraph(document.getElementById('graph'), g, (id) => (location.hash = `#/bead/${encodeURIComponent(project)}/${encodeURIComponent(id)}`))
  },
  async bead(r) {
    const [project, id] = r.arg.split('/').map(decodeURIComponent)
    let b
    try {
      b = await api('/api/bead', { project, id })
    } catch (e) {
      return show(h('p', { class: 'quiet' }, e.message))
    }
    const link = (x) => h('li', {}, h('a', { href: `#/bead/${encodeURIComponent(project)}/${encodeURIComponent(x.id)}`, class: 'mono' }, x.id), ` ${x.title} `, h('span', { class: 'dim' }, `(${x.dependency_type}, ${x.status})`))
    const field = (k, v) => (v === undefined || v === null || v === '' ? null : [h('dt', {}, k), h('dd', {}, v)])
    show(
      h('div', { class: 'row' }, h('h1', {}, h('span', { class: 'mono' }, b.id), ' ', b.title), stateBadge(b.status)),
      h('dl', { class: 'fields' }, field('project', project), field('priority', `P${b.priority}`), field('type', b.issue_type), field('assignee', b.assignee), field('labels', b.labels.join(', ')), field('created', b.created_at), field('updated', b.updated_at), field('closed', b.closed_at), field('close reason', b.close_reason)),
      b.description ? [h('h2', {}, 'Description'), h('div', { class: 'answer' }, b.description)] : null,
      b.acceptance_criteria ? [h('h2', {}, 'Acceptance'), h('div', { class: 'answer' }, b.acceptance_criteria)] : null,
      h('h2', {}, 'Depends on'), b.dependencies.length ? h('ul', {}, b.dependencies.map(link)) : h('p', { class: 'dim' }, 'nothing'),
      h('h2', {}, 'Needed by'), b.dependents.length ? h('ul', {}, b.dependents.map(link)) : h('p', { class: 'dim' }, 'nothing'),
      h('h2', {}, 'Comments'), b.comments.length ? h('ul', { class: 'timeline' }, b.comments.map((c) => h('li', {}, h('span', { class: 't' }, c.created_at.slice(0, 16).replace('T', ' ')), h('strong', {}, c.author), ' ', c.text))) : h('p', { class: 'dim' }, 'none'),
    )
  },
  async ready() {
    const rows = await api('/api/ready')
    show(
      h('div', { class: 'row' }, h('h1', {}, 'Ready across projects'), spawnButton()),
      rows.length
        ? h('table', { id: 'ready' }, h('thead', {}, h('tr', {}, ['Project', 'Bead', 'P', 'Type', 'Assignee', 'Title'].map((c) => h('th', {}, c)))),
            h('tbody', {}, rows.map((b) => h('tr', {}, h('td', {}, b.project), h('td', {}, h('a', { class: 'mono', href: `#/bead/${encodeURIComponent(b.project)}/${encodeURIComponent(b.id)}` }, b.id)), h('td', {}, `P${b.priority}`), h('td', {}, b.issue_type), h('td', {}, b.assignee ?? ''), h('td', {}, b.title)))))
        : h('p', { class: 'quiet' }, 'Nothing is ready. (bd blocked shows what waits on what.)'),
    )
  },
  async events(r, fetchFirst = true) {
    if (fetchFirst) state.events = await api('/api/events', { limit: 500 })
    show(h('h1', {}, 'Events'), state.events.length ? h('ul', { class: 'timeline', id: 'events' }, [...state.events].reverse().map(eventItem)) : h('p', { class: 'quiet' }, 'No events yet.'))
  },
}

function attentionCard(item) {
  const title = item.kind === 'worker'
    ? h('h3', {}, h('a', { href: `#/worker/${encodeURIComponent(item.worker)}` }, item.worker), stateBadge(item.state), h('span', { class: 'mono dim' }, item.bead))
    : h('h3', {}, h('a', { class: 'mono', href: `#/bead/${encodeURIComponent(item.project)}/${encodeURIComponent(item.bead)}` }, item.bead), stateBadge('blocked'), h('span', { class: 'dim' }, item.project))
  return h('div', { class: 'card', 'data-key': item.key, 'data-state': item.state },
    title,
    h('div', {}, item.title),
    h('p', { class: 'why' }, item.why),
    item.question ? h('pre', { class: 'question' }, [item.question, ...item.options].join('\n')) : null,
    item.kind === 'worker' ? [item.rung ? h('p', { class: 'dim' }, `Suggested: escalate ${item.rung} ${RUNGS[item.rung - 1][1]}${item.escalation_level ? ` (level ${item.escalation_level} so far)` : ''}`) : null, workerActions(item.worker, item.rung)] : null,
  )
}
/** One element per worker: live updates change its text, re-renders keep it (and its scroll). */
function screenOf(name) {
  const pre = (state.screenEls[name] ??= h('pre', { class: 'screen', 'data-worker': name }))
  pre.textContent = state.screens[name] ?? '(no screen: the session is gone)'
  return pre
}
function eventItem(e) {
  return h('li', { 'data-type': e.type }, h('span', { class: 't' }, e.at.slice(0, 19).replace('T', ' ')), h('span', { class: 'mono' }, (e.worker ?? '-') + ' '), h('span', { class: 'type' }, e.type), ' ', e.message ?? '')
}
function seanceAnswer(r) {
  const passages = r.passages ?? []
  return h('div', { class: 'answer' },
    h('strong', {}, `${r.subject?.name ?? ''}: ${passages.length} passage(s) from ${r.session_ids?.length ?? 0} transcript(s)`),
    passages.length ? passages.slice(0, 5).map((p) => h('p', {}, h('span', { class: 'dim' }, `${p.speaker}: `), p.text.slice(0, 800))) : h('p', { class: 'dim' }, 'Nothing in the transcripts matches the question.'),
  )
}

// ---- router ----------------------------------------------------------------------------------
function parseRoute() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?')
  const parts = (path || '/').split('/').filter(Boolean)
  const view = parts[0] ?? 'attention'
  return { view: views[view] ? view : 'attention', arg: parts.slice(1).join('/'), params: new URLSearchParams(query) }
}
async function route() {
  state.route = parseRoute()
  main.classList.toggle('wide', state.route.view === 'graph')
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === (state.route.view === 'worker' ? 'fleet' : state.route.view === 'bead' ? 'graph' : state.route.view))
  try {
    await views[state.route.view](state.route)
  } catch (e) {
    show(h('p', { class: 'quiet' }, e.message))
  }
}
window.addEventListener('hashchange', route)
try {
  state.snapshot = await api('/api/snapshot')
} catch (e) {
  toast(e.message, true)
}
await route()
connect()
