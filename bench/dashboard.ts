// `wt dashboard` in headless Chromium: first paint of the attention view with 20 live workers and of
// the graph view with 5,000 beads, SSE latency from a worker's transition to the open page, and the
// dashboard's own CPU per observation tick (the built CLI in its own process, read from /api/stats).
// Run: env -u NODE_EXTRA_CA_CERTS node --import tsx bench/dashboard.ts [runs=5] [--json]
// Part of `npm run bench`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { initWorkspace, openTrackerAt } from '../packages/core/src/tracker/open.js'
import { WorkerPool } from '../packages/core/src/workers/pool.js'
import { generateWorkspace } from './generate.mjs'

const runs = Number(process.argv[2] ?? 5)
const asJson = process.argv.includes('--json')
const WORKERS = 20
const BEADS = 5000
const INTERVAL = 1
const root = fileURLToPath(new URL('..', import.meta.url))
const wtBin = join(root, 'packages/wt/bin/run.js')
const agent = join(root, 'test/_support/fake-watch-agent.mjs')
const modes = ['working', 'waiting', 'idle', 'interrupted', 'writing']
const GIT_ENV = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.com' }
const round = (x: number) => Math.round(x * 10) / 10
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { median: round(s[Math.floor(s.length / 2)]!), min: round(s[0]!), max: round(s.at(-1)!), runs: s.map(round) }
}

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'wt-bench-dash-')))
const socket = `wt-bench-dash-${process.pid}`
const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, WT_TMUX_SOCKET: socket, WT_HOME: join(dir, 'home'), NO_COLOR: '1' }
delete env.TMUX
delete env.NODE_EXTRA_CA_CERTS
const control = join(dir, 'control')
let server: ChildProcess | undefined
let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined

try {
  execFileSync('mkdir', ['-p', control])
  const repo = join(dir, 'repo')
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  writeFileSync(join(repo, 'README.md'), 'bench\n')
  await initWorkspace(repo, { prefix: 'b' })
  execFileSync('git', ['add', '-A'], { cwd: repo, env })
  execFileSync('git', ['commit', '-qm', 'init'], { cwd: repo, env })
  const big = join(dir, 'big')
  await generateWorkspace(big, BEADS)
  execFileSync('git', ['init', '-q', '-b', 'main', big])
  execFileSync('git', ['add', '-A'], { cwd: big, env })
  execFileSync('git', ['commit', '-qm', 'beads'], { cwd: big, env })

  const pool = await WorkerPool.open({ env, cwd: repo, home: env.WT_HOME, wtArgv: [process.execPath, wtBin] })
  try {
    await pool.addProject('bench', repo)
    await pool.addProject('big', big)
    for (const [k, v] of Object.entries({
      'agent.preset': 'claude',
      'agent.command': `${process.execPath} ${agent} --control ${control}`,
      worktree_root: join(dir, 'worktrees'),
      'watch.notify': 'none',
      'watch.start_grace': '0',
      'watch.debounce': '1',
    }))
      pool.config.set(k, v)
    const h = await openTrackerAt(join(repo, '.beads', 'beads.db'), { actor: 'bench' })
    const beads: string[] = []
    for (let i = 0; i < WORKERS; i++) beads.push((await h.tracker.create({ title: `bench bead ${i}` })).id)
    await h.close()
    for (let i = 0; i < WORKERS; i++) {
      writeFileSync(join(control, `w${i}`), modes[i % modes.length]!)
      await pool.spawn({ bead: beads[i]!, name: `w${i}`, noPrompt: true })
    }
  } finally {
    await pool.close()
  }

  server = spawn(process.execPath, [wtBin, 'dashboard', '--json', '--interval', String(INTERVAL)], { cwd: repo, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    server!.stdout!.on('data', (d) => {
      out += d
      try {
        resolve(JSON.parse(out).url)
      } catch {
        // not whole yet
      }
    })
    server!.once('exit', (code) => reject(new Error(`wt dashboard exited ${code}`)))
  })
  const api = async (path: string) =>
    (await fetch(new URL(path, url).href + `${path.includes('?') ? '&' : '?'}token=${new URL(url).searchParams.get('token')}`)).json()

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-proxy-server',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  })
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  /** ms from navigation start until `selector` is on the page and a frame has been painted with it. */
  const paint = async (hash: string, selector: string) => {
    await page.goto('about:blank')
    await page.goto(url + hash)
    await page.locator(selector).first().waitFor({ timeout: 60_000 })
    return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))))
  }
  // Let every worker settle into its mode before timing.
  await new Promise((r) => setTimeout(r, 3000))
  const attention: number[] = []
  const graph: number[] = []
  const graphFolded: number[] = []
  const graphApi: number[] = []
  for (let i = 0; i < runs; i++) {
    attention.push(await paint('#/', '.card[data-state="waiting"]'))
    graph.push(await paint('#/graph?project=big&collapse=0', '#graph-svg g.n'))
    graphFolded.push(await paint('#/graph?project=big', '#graph-svg g.n'))
    const t0 = performance.now()
    await api('/api/graph?project=big&collapse=0')
    graphApi.push(performance.now() - t0)
  }
  const cards = await (async () => {
    await page.goto(url)
    return page.locator('.card').count()
  })()
  const shownNodes = await (async () => {
    await page.goto(url + '#/graph?project=big&collapse=0')
    await page.locator('#graph-svg g.n').first().waitFor({ timeout: 60_000 })
    return page.locator('#graph-svg g.n').count()
  })()

  // SSE latency: w0 flips working → waiting; from the flip on its screen, and from the observation
  // that saw it (snapshot.at), to its card on the open attention page.
  await page.goto(url)
  await page.locator('.card').first().waitFor()
  const endToEnd: number[] = []
  const delivery: number[] = []
  for (let i = 0; i < runs; i++) {
    writeFileSync(join(control, 'w0'), 'working')
    await page.locator('.card[data-key="w0"]').waitFor({ state: 'detached', timeout: 20_000 })
    // A flip lands anywhere between two ticks, as a real one does.
    await new Promise((r) => setTimeout(r, Math.random() * INTERVAL * 1000))
    const flip = Date.now()
    writeFileSync(join(control, 'w0'), 'waiting')
    await page.locator('.card[data-key="w0"][data-state="waiting"]').waitFor({ timeout: 20_000 })
    const seen = Date.now()
    const observed = Date.parse((await page.evaluate(() => fetch('/api/snapshot' + location.search).then((r) => r.json()))).at)
    endToEnd.push(seen - flip)
    // The latest snapshot may be a later tick than the one that carried the change: then it is skipped.
    if (observed <= seen) delivery.push(seen - observed)
  }
  const tick = await api('/api/stats')
  const result = {
    workers: WORKERS,
    beads: BEADS,
    interval_s: INTERVAL,
    attention_cards: cards,
    graph_nodes: shownNodes,
    attention_first_paint_ms: stats(attention),
    graph_first_paint_ms: stats(graph),
    graph_folded_first_paint_ms: stats(graphFolded),
    graph_json_ms: stats(graphApi),
    transition_to_page_ms: stats(endToEnd),
    observation_to_page_ms: stats(delivery.length ? delivery : [NaN]),
    tick_cpu_ms: round(tick.mean_cpu_ms),
    tick_wall_ms: round(tick.last_wall_ms),
    ticks: tick.ticks,
  }
  if (asJson) console.log(JSON.stringify(result))
  else console.log(JSON.stringify(result, null, 2))
} finally {
  await browser?.close()
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r))
    server.kill('SIGINT')
    await exited
  }
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
  } catch {
    // gone already
  }
  rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid!()}`, socket), { force: true })
  rmSync(dir, { recursive: true, force: true })
}
