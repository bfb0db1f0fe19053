// `wt dashboard` as a command: bad flags, a taken port, --read-only, --open (through a stand-in
// opener on PATH), each against the built CLI.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { launchChromium } from '../_support/browser.js'
import { eventually, sandbox, wtBin, type Sandbox } from '../_support/wt.js'

const t = suite('wt dashboard (command)')
let sb: Sandbox
const running: ChildProcess[] = []

t.before(async () => {
  sb = await sandbox('dashcli')
})
t.after(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL')
  sb.cleanup()
})

/** Starts `wt dashboard --json …` and resolves with what it printed once it listens. */
function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; read_only: boolean }> {
  const child = spawn(process.execPath, [wtBin, 'dashboard', '--json', ...args], {
    cwd: sb.repo,
    env: { ...sb.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d) => {
      out += d
      try {
        resolve({ child, ...JSON.parse(out) })
      } catch {
        // not whole yet
      }
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
}

t('bad flags and a taken port: a clear error naming the value, and nothing listens', async () => {
  const port = await sb.wt(['dashboard', '--port', '70000'])
  assert.is(port.code, 2)
  assert.match(port.stderr, /70000/)
  const interval = await sb.wt(['dashboard', '--interval', 'soon'])
  assert.is(interval.code, 1)
  assert.match(interval.stderr, /invalid --interval: "soon"/)
  const taken = createServer()
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
  const n = (taken.address() as { port: number }).port
  try {
    const busy = await sb.wt(['dashboard', '--port', String(n)])
    assert.is(busy.code, 1)
    assert.match(busy.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${n}: EADDRINUSE`))
  } finally {
    taken.close()
  }
})

t('--read-only shows everything and changes nothing: no action on the page, actions refused', async () => {
  const bead = await sb.bead({ title: 'ready work' })
  const { child, url, read_only } = await start(['--read-only', '--interval', '0.5'])
  assert.is(read_only, true)
  const token = new URL(url).searchParams.get('token')!
  const res = await fetch(`${new URL(url).origin}/api/action/spawn?token=${token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  })
  assert.is(res.status, 403)
  assert.match(await res.text(), /read-only/)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.goto(url + '#/ready')
    await page.locator('#ready', { hasText: bead.id }).waitFor()
    assert.is(await page.locator('button').count(), 0, 'no buttons at all')
  } finally {
    await browser.close()
  }
  assert.equal(sb.sessions(), [], 'nothing was spawned')
  child.kill('SIGINT')
})

t('--open hands the URL to the opener as one argument (no shell)', async () => {
  const bin = join(sb.dir, 'bin')
  const record = join(sb.dir, 'opened.json')
  mkdirSync(bin)
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)))\n`,
  )
  chmodSync(join(bin, 'xdg-open'), 0o755)
  const { child, url } = await start(['--open'], { PATH: `${bin}:${process.env.PATH}` })
  const argv = await eventually(() => {
    try {
      return JSON.parse(readFileSync(record, 'utf8')) as string[]
    } catch {
      return null
    }
  })
  assert.equal(argv, [url])
  child.kill('SIGINT')
})

t.run()
