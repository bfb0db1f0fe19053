// An agent that reads only the start of the output (`bd list --json | head`) closes the pipe early:
// bd must end quietly, with no EPIPE stack trace on stderr.
import { spawn } from 'node:child_process'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bdBin, bdEnv, removeDir, seededWorkspace } from '../_support/bd-process.js'

test('a reader that closes the pipe early ends bd quietly', async () => {
  const ws = await seededWorkspace('closed-pipe', async (t) => {
    for (let i = 0; i < 600; i++) await t.create({ title: `Bead ${i} ${'with a longer title '.repeat(4)}`, description: 'x'.repeat(200) })
  })
  try {
    const child = spawn(process.execPath, [bdBin, 'list', '--json', '--limit', '0'], { cwd: ws.dir, env: bdEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    // Read one chunk (far less than the ~400 KB bd writes), then close our end.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    assert.is(code, 0, stderr)
    assert.not.match(stderr, /EPIPE|\n\s+at /)
  } finally {
    removeDir(ws.dir)
  }
})

test.run()
