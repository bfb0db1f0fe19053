// `wt dashboard` in a real headless Chromium: the built CLI serving a real pool (fake agents on a
// private tmux socket, real worktrees, real trackers), the page driven as a person would.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { request } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { generateWorkspace } from '../../bench/generate.mjs'
import { browserOut, launchChromium } from '../_support/browser.js'
import { eventually, gitIn, sandbox, wtBin, type Sandbox } from '../_support/wt.js'

const t = suite('wt dashboard in Chromium')
let sb: Sandbox
let browser: Browser
let page: Page
let server: ChildProcess
let url: string
let origin: string
let stderr = ''

const shot = (name: string) => page.screenshot({ path: join(browserOut, `${name}.png`), fullPage: false })

async function spawnWorker(name: string, title: string) {
  const bead = await sb.bead({ title })
  const r = await sb.wt(['new', bead.id, '--name', name, '--no-switch', '--json'])
  assert.is(r.code, 0, r.stderr)
  await eventually(() => sb.agentLog(name).some((e) => e.type === 'start'))
  return { bead: bead.id, ...(JSON.parse(r.stdout) as { worktree: string }) }
}

t.before(async () => {
  try {
    await setup()
  } catch (e) {
    console.error(e)
    throw e
  }
})

async function setup() {
  sb = await sandbox('dashboard')
  const pool = await sb.pool()
  pool.config.set('watch.notify', 'none')
  await pool.close()
  // A second project of 1,000 beads for the graph.
  const big = join(sb.dir, 'big')
  await generateWorkspace(big, 1000)
  execFileSync('git', ['init', '-q', '-b', 'main', big])
  gitIn(big, 'add', '-A')
  gitIn(big, 'commit', '-qm', 'beads')
  const p2 = await sb.pool()
  await p2.addProject('big', big)
  await p2.close()

  await spawnWorker('amber', 'Add the login form')
  await spawnWorker('basalt', 'Pick the database')

  server = spawn(process.execPath, [wtBin, 'dashboard', '--json', '--interval', '0.5'], { cwd: sb.repo, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stderr!.on('data', (d) => (stderr += d))
  // --json prints one JSON object (the URL) once it listens, then serves until stopped.
  const printed = await new Promise<{ url: string }>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (d) => {
      out += d
      try {
        resolve(JSON.parse(out))
      } catch {
        // not whole yet
      }
    })
    server.once('exit', (code) => reject(new Error(`wt dashboard exited ${code}: ${stderr}`)))
  })
  url = printed.url
  origin = new URL(url).origin
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
}

t.after(async () => {
  await browser?.close()
  if (server && server.exitCode === null) server.kill('SIGKILL')
  sb.cleanup()
})

t('prints a loopback URL with a token, and the fleet page lists the live workers of the pool', async () => {
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/)
  await page.goto(url + '#/fleet')
  for (const name of ['amber', 'basalt']) await page.locator(`#fleet tr.live[data-worker="${name}"]`).waitFor()
  const text = (await page.locator('#fleet').textContent()) ?? ''
  assert.match(text, /Add the login form/)
  assert.match(text, /Pick the database/)
  await shot('fleet')
})

t('a worker turning to waiting shows on the open attention page without a reload, with its question', async () => {
  await page.goto(url)
  await page.locator('#all-quiet').waitFor()
  await shot('attention-quiet')
  const navigations: string[] = []
  page.on('framenavigated', (f) => navigations.push(f.url()))
  const basalt = (await sb.pool()).list().then(async (rows) => rows.find((w) => w.name === 'basalt')!.worktree)
  const signal = await sb.wt(['signal', 'waiting', 'Postgres or SQLite for the cache?'], { cwd: await basalt })
  assert.is(signal.code, 0, signal.stderr)
  const card = page.locator('.card[data-key="basalt"][data-state="waiting"]')
  await card.waitFor({ timeout: 10_000 })
  assert.match((await card.textContent()) ?? '', /Postgres or SQLite for the cache\?/)
  assert.equal(navigations, [], 'the page was not reloaded')
  await shot('attention')
})

t('clicking escalate 1 delivers the message to the agent, and the escalation event shows', async () => {
  await page.goto(url + '#/worker/basalt')
  await page.locator('pre.screen[data-worker="basalt"]').waitFor()
  // Its history, from before the page was opened.
  await page.locator('.timeline li[data-type="spawned"]', { hasText: 'basalt on' }).waitFor()
  await page.getByLabel('message to basalt').fill('use SQLite, it is already a dependency')
  await page.locator('.actions[data-worker="basalt"] button[data-rung="1"]').click()
  await eventually(() => sb.agentLog('basalt').some((e) => e.text === 'Dispatch: use SQLite, it is already a dependency'), 10_000)
  const event = page.locator('.timeline li[data-type="escalated"]')
  await event.first().waitFor({ timeout: 10_000 })
  assert.match((await event.first().textContent()) ?? '', /1 guidance: use SQLite, it is already a dependency/)
  await eventually(async () => (await page.getByLabel('message to basalt').inputValue()) === '', 5000).catch(() =>
    assert.unreachable('the sent message stays in the box'),
  )
  // The screen tail is live: the agent's answer to the delivered line appears in it.
  await page.locator('pre.screen[data-worker="basalt"]', { hasText: 'got ' }).waitFor({ timeout: 10_000 })
  await shot('worker')
  await page.goto(url + '#/events')
  await page.locator('#events li[data-type="escalated"]').waitFor()
  await shot('events')
})

t('a bead created meanwhile appears on the open ready page without a reload', async () => {
  await page.goto(url + '#/ready')
  await page.locator('#ready').waitFor()
  const navigations: string[] = []
  const onNav = (f: { url(): string }) => navigations.push(f.url())
  page.on('framenavigated', onNav)
  const bead = await sb.bead({ title: 'Write the release notes', priority: 1 })
  await page.locator('#ready tr', { hasText: bead.id }).waitFor({ timeout: 10_000 })
  page.off('framenavigated', onNav)
  assert.equal(navigations, [])
})

t('spawn next ready starts a worker on the top ready bead; kill ends it (after a confirmation)', async () => {
  await page.goto(url + '#/ready')
  // The button takes the top ready bead nobody has claimed.
  const rows = await page.locator('#ready tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
  const first = rows.find((r) => !r[4])![1]!
  await page.getByRole('button', { name: 'Spawn next ready bead' }).click()
  await page.locator('#toast', { hasText: `on ${first}` }).waitFor({ timeout: 30_000 })
  const r = (await (await sb.pool()).list()).find((w) => w.bead === first)
  assert.ok(r, `a live worker on ${first}`)
  await page.goto(url + `#/worker/${r!.name}`)
  page.once('dialog', (d) => void d.accept())
  await page.locator(`.actions[data-worker="${r!.name}"] button`, { hasText: 'Kill' }).click()
  await page.locator('#toast', { hasText: `${r!.name} killed` }).waitFor({ timeout: 30_000 })
  await page.goto(url + '#/fleet')
  await page.locator(`#fleet tr.ended[data-worker="${r!.name}"]`).waitFor()
  assert.not.ok(sb.sessions().includes(r!.name), 'its session is gone')
})

t('the graph page renders a 1,000-bead workspace; a bead opens its page', async () => {
  await page.goto(url + '#/graph?project=big&collapse=0')
  const nodes = page.locator('#graph-svg g.n')
  await nodes.first().waitFor({ timeout: 30_000 })
  assert.is(await nodes.count(), 1000)
  assert.match((await page.locator('#graph-count').textContent()) ?? '', /1000 of 1000 shown/)
  assert.ok((await page.locator('#graph-svg g.n.critical').count()) >= 2, 'a critical path is highlighted')
  await shot('graph')
  await page.goto(url + '#/graph?project=big')
  // A hash change re-renders in place: wait for the folded picture, not the nodes still on screen.
  await page
    .waitForFunction(() => !/1000 of 1000 shown/.test(document.querySelector('#graph-count')?.textContent ?? ''), undefined, { timeout: 30_000 })
    .catch(() => undefined)
  await page.locator('#graph-svg g.n').first().waitFor()
  const folded = await page.locator('#graph-svg g.n').count()
  assert.ok(folded < 1000, `collapsing closed groups shows fewer beads (${folded})`)
  const id = await page.locator('#graph-svg g.n[data-kind="ready"]').first().getAttribute('data-id')
  await page.locator(`#graph-svg g.n[data-id="${id}"] rect`).click()
  await page.locator('h1', { hasText: id! }).waitFor()
  assert.not.match((await page.locator('main').textContent()) ?? '', /null|undefined/)
  await shot('bead')
  await page.goto(url + '#/ready')
  await page.locator('#ready').waitFor()
  await shot('ready')
})

t('escalate 4 defers from the attention page: the worker ends and its bead waits there with the note', async () => {
  const amber = (await (await sb.pool()).list()).find((w) => w.name === 'amber')!
  await page.goto(url + '#/worker/amber')
  await page.getByLabel('message to amber').fill('the API key from ops')
  page.once('dialog', (d) => void d.accept())
  await page.locator('.actions[data-worker="amber"] button[data-rung="4"]').click()
  await page.locator('#toast', { hasText: 'amber: defer' }).waitFor({ timeout: 30_000 })
  await page.goto(url)
  const card = page.locator(`.card[data-key="demo/${amber.bead}"]`)
  await card.waitFor({ timeout: 10_000 })
  assert.match((await card.textContent()) ?? '', /Waiting for: the API key from ops/)
  assert.is((await sb.issue(amber.bead)).status, 'blocked')
  assert.not.ok(sb.sessions().includes('amber'))
  await shot('attention-deferred')
})

t('two workers committing to the same line show as a conflict ahead on the open attention page', async () => {
  await page.goto(url)
  const cobalt = await spawnWorker('cobalt', 'Reword the greeting')
  const dune = await spawnWorker('dune', 'Translate the greeting')
  for (const [w, text] of [
    [cobalt, 'hello from cobalt'],
    [dune, 'hallo from dune'],
  ] as const) {
    writeFileSync(join(w.worktree, 'README.md'), `${text}\n`)
    gitIn(w.worktree, 'commit', '-qam', text)
  }
  const item = page.locator('#conflicts li', { hasText: 'will conflict in README.md' })
  await item.waitFor({ timeout: 15_000 })
  assert.match((await item.textContent()) ?? '', /^cobalt and dune will conflict in README\.md → land one first/)
  await shot('attention-conflicts')
  for (const name of ['cobalt', 'dune']) assert.is((await sb.wt(['kill', name, '--force'])).code, 0)
  await page.locator('#conflicts').waitFor({ state: 'detached', timeout: 15_000 })
})

t('a foreign Origin, a foreign Host, a missing token and a GET action are refused', async () => {
  const token = new URL(url).searchParams.get('token')!
  const post = (headers: Record<string, string>, withToken = true) =>
    fetch(`${origin}/api/action/send${withToken ? `?token=${token}` : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ worker: 'basalt', text: 'rm -rf /' }),
    })
  const foreign = await post({ Origin: 'http://evil.example' })
  assert.is(foreign.status, 403)
  assert.match(await foreign.text(), /foreign Origin/)
  // fetch() will not send a made-up Host: node:http will (what a DNS-rebinding page's requests carry).
  const rebinding = await new Promise<number>((resolve, reject) =>
    request(`${origin}/api/snapshot?token=${token}`, { headers: { Host: `evil.example:${new URL(url).port}` } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
      .on('error', reject)
      .end(),
  )
  assert.is(rebinding, 403)
  const tokenless = await post({ Origin: origin }, false)
  assert.is(tokenless.status, 401)
  assert.is((await fetch(`${origin}/api/snapshot`)).status, 401)
  assert.is((await fetch(`${origin}/api/action/send?token=${token}`)).status, 405)
  assert.not.ok(
    sb.agentLog('basalt').some((e) => e.text?.includes('rm -rf')),
    'nothing reached the agent',
  )
  // The browser too: a page from another origin cannot read the dashboard.
  const other = await browser.newPage()
  await other.goto(`${origin}/assets/none?token=${token}`)
  const read = await other.evaluate(
    async (target) => {
      try {
        await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
        return 'reached'
      } catch {
        return 'blocked'
      }
    },
    `http://localhost:${new URL(url).port}/api/action/spawn?token=${token}`,
  )
  assert.is(read, 'blocked')
  await other.close()
  await page.goto(origin + '/')
  assert.match((await page.locator('body').textContent()) ?? '', /missing token/)
})

t('Ctrl-C stops it cleanly', async () => {
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
  server.kill('SIGINT')
  assert.is(await exited, 0, stderr)
  assert.ok(sb.sessions().includes('basalt'), 'the workers go on without it')
})

t.run()
