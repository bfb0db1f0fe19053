import { execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

// `bd export -o` and the workspace JSONL through the built bd: never written over what is not a
// regular file we own. The device node and FIFO are made in a temp dir (never the real /dev/null).
const run = promisify(execFile)
const BD = fileURLToPath(new URL('../../packages/bd/bin/run.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'bd-outputs-'))
const ws = join(root, 'ws')
const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, BEADS_ACTOR: 'tester', NO_COLOR: '1' }
  delete e.NODE_EXTRA_CA_CERTS
  delete e.BEADS_DB
  delete e.BEADS_DIR
  return e
}
async function bd(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BD, ...args], { cwd: ws, env: env() })
    return { stdout, stderr, code: 0 }
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number }
    return { stdout: err.stdout, stderr: err.stderr, code: err.code }
  }
}

test.before(async () => {
  mkdirSync(ws)
  assert.is((await bd('init', '--prefix', 'out', '--quiet')).code, 0)
  assert.is((await bd('create', 'one')).code, 0)
})
test.after(() => rmSync(root, { recursive: true, force: true }))

let canMknod = true
try {
  execFileSync('mknod', [join(root, 'probe'), 'c', '1', '3'], { stdio: 'ignore' })
  rmSync(join(root, 'probe'))
} catch {
  canMknod = false
}

;(canMknod ? test : test.skip)('a character device given to -o is written in place and stays a device', async () => {
  const dev = join(root, 'null')
  execFileSync('mknod', [dev, 'c', '1', '3'])
  const r = await bd('export', '-o', dev)
  assert.is(r.code, 0, r.stderr)
  assert.ok(lstatSync(dev).isCharacterDevice())
  assert.equal(
    readdirSync(root).filter((n) => n.endsWith('.tmp')),
    [],
  )
})

test('a FIFO given to -o is written in place (a reader gets the export) and stays a FIFO', async () => {
  const fifo = join(root, 'pipe')
  execFileSync('mkfifo', [fifo])
  const reader = spawn('cat', [fifo])
  let got = ''
  reader.stdout.on('data', (d) => (got += d))
  const done = new Promise((r) => reader.on('close', r))
  const r = await bd('export', '-o', fifo)
  await done
  assert.is(r.code, 0, r.stderr)
  assert.match(got, /"title":"one"/)
  assert.ok(lstatSync(fifo).isFIFO())
})

test('a folder given to -o is refused, naming it; nothing is written', async () => {
  const dir = join(root, 'folder')
  mkdirSync(dir)
  const r = await bd('export', '-o', dir)
  assert.is(r.code, 1)
  assert.match(r.stderr, /is a folder: nothing written/)
  assert.ok(r.stderr.includes(dir))
  assert.equal(readdirSync(dir), [])
})

test('a symlink given to -o is followed: its target is replaced atomically, the link stays a link', async () => {
  const target = join(root, 'real.jsonl')
  writeFileSync(target, 'old\n')
  const link = join(root, 'link.jsonl')
  symlinkSync(target, link)
  const r = await bd('export', '-o', link)
  assert.is(r.code, 0, r.stderr)
  assert.ok(lstatSync(link).isSymbolicLink())
  assert.is(readlinkSync(link), target)
  assert.match(readFileSync(target, 'utf8'), /"title":"one"/)
  const dangling = join(root, 'dangling.jsonl')
  symlinkSync(join(root, 'nowhere', 'x'), dangling)
  const bad = await bd('export', '-o', dangling)
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /symbolic link to nothing/)
})

test('the real /dev/null is still a character device', () => {
  assert.ok(lstatSync('/dev/null').isCharacterDevice())
  assert.ok(existsSync('/dev/null'))
})

test.run()
