// Draws a laid-out work graph (positions come from the server) as SVG: one group per bead, edges
// as curves, the critical path outlined. Plain DOM, no library.
const NS = 'http://www.w3.org/2000/svg'
const svgEl = (tag, attrs) => {
  const el = document.createElementNS(NS, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  return el
}

export function renderGraph(container, g, onOpen) {
  const pad = 20
  const { width: w, height: hgt } = g.node
  const svg = svgEl('svg', { width: g.width + pad * 2, height: g.height + pad * 2, id: 'graph-svg' })
  const at = new Map(g.nodes.map((n) => [n.id, n]))
  const edges = svgEl('g', { class: 'edges' })
  const frag = document.createDocumentFragment()
  for (const e of g.edges) {
    const a = at.get(e.from)
    const b = at.get(e.to)
    const x1 = a.x + w + pad
    const y1 = a.y + hgt / 2 + pad
    const x2 = b.x + pad
    const y2 = b.y + hgt / 2 + pad
    const mid = (x1 + x2) / 2
    frag.append(svgEl('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: `${e.type === 'parent-child' ? 'pc' : ''} ${e.critical ? 'critical' : ''}` }))
  }
  edges.append(frag)
  const nodes = svgEl('g', { class: 'nodes' })
  const nfrag = document.createDocumentFragment()
  for (const n of g.nodes) {
    const group = svgEl('g', { class: `n${n.critical ? ' critical' : ''}`, transform: `translate(${n.x + pad},${n.y + pad})`, 'data-id': n.id, 'data-kind': n.kind })
    group.append(svgEl('rect', { width: w, height: hgt, class: `k-${n.kind}` }))
    const label = svgEl('text', { x: 6, y: 19 })
    label.textContent = `${n.id}${n.folded ? ` +${n.folded}` : ''} ${n.title}`.slice(0, 27)
    group.append(label)
    nfrag.append(group)
  }
  nodes.append(nfrag)
  // One tooltip for the whole graph (a <title> per bead would double the elements to draw).
  const tip = document.createElement('div')
  tip.className = 'tip'
  tip.hidden = true
  const byId = new Map(g.nodes.map((n) => [n.id, n]))
  nodes.addEventListener('mouseover', (e) => {
    const n = byId.get(e.target.closest('g.n')?.dataset.id)
    if (!n) return
    tip.textContent = `${n.id} · P${n.priority} · ${n.kind.replace('_', ' ')}${n.folded ? ` · ${n.folded} closed beads folded in` : ''}${n.assignee ? ` · ${n.assignee}` : ''}\n${n.title}${n.labels.length ? `\nlabels: ${n.labels.join(', ')}` : ''}`
    tip.style.left = `${n.x + 20}px`
    tip.style.top = `${n.y + 20 + hgt + 4}px`
    tip.hidden = false
  })
  nodes.addEventListener('mouseout', () => (tip.hidden = true))
  nodes.addEventListener('click', (e) => {
    const id = e.target.closest('g.n')?.dataset.id
    if (id) onOpen(id)
  })
  svg.append(edges, nodes)
  container.replaceChildren(svg, tip)
}
