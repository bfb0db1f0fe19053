// Beads pulled through git carry someone else's text (issue 15): human output shows every control
// character instead of sending it to the terminal; --json stays exact. Through the real binary, on
// the fast path and through oclif.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bd, removeDir, tempDir } from '../_support/bd-process.js'

const TITLE = 'Fix\u001b]0;pwned\u0007 login\u001b[2J\r\u001b]52;c;ZWNobyBoaQ==\u0007 now'
const LINES = [
  {
    id: 'hx-a1',
    title: TITLE,
    description: 'line one\n\u001b[31mred\u001b[0m\rover',
    status: 'open',
    priority: 1,
    issue_type: 'task',
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    labels: ['ops\u001b[8m'],
    comments: [{ id: 1, issue_id: 'hx-a1', author: 'eve\u001b]0;x\u0007', text: 'hi\u001b[2J', created_at: '2026-11-01T10:00:00Z' }],
  },
  {
    id: 'hx-b2',
    title: 'Blocked \u009b31m one\u202e',
    status: 'open',
    priority: 2,
    issue_type: 'task',
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    dependencies: [{ issue_id: 'hx-b2', depends_on_id: 'hx-a1', type: 'blocks', created_at: '2026-11-01T10:00:00Z' }],
  },
]
// Anything a terminal acts on: C0 controls but \n and \t, DEL, C1 controls, bidi overrides.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

const dir = tempDir('hostile')
test.before(async () => {
  const init = await bd(['init', '--prefix', 'hx', '--quiet'], { cwd: dir })
  assert.is(init.code, 0, init.stderr)
  writeFileSync(join(dir, '.beads', 'issues.jsonl'), LINES.map((l) => JSON.stringify(l)).join('\n') + '\n') // as a git pull leaves it
})
test.after(() => removeDir(dir))

const COMMANDS = [
  ['list'],
  ['ready'],
  ['show', 'hx-a1', 'hx-b2'],
  ['label', 'list-all'],
  ['search', 'login'],
  ['blocked'],
  ['dep', 'tree', 'hx-b2'],
  ['comments', 'hx-a1'],
  ['update', 'hx-a1', '--append-notes', 'seen'],
  ['close', 'hx-a1', '--force'],
]

for (const [path, env] of [
  ['fast path', {}],
  ['oclif', { BD_NO_FAST: '1' }],
] as const) {
  test(`${path}: human output of someone else's titles, labels, descriptions and comments shows every control`, async () => {
    for (const args of COMMANDS.slice(0, -2)) {
      const r = await bd(args, { cwd: dir, env })
      assert.is(r.code, 0, `bd ${args.join(' ')}: ${r.stderr}`)
      assert.not.match(r.stdout + r.stderr, RAW_CONTROL, `bd ${args.join(' ')} prints no raw control`)
    }
    const list = await bd(['list'], { cwd: dir, env })
    assert.ok(list.stdout.includes('Fix^[]0;pwned^G login^[[2J^M^[]52;c;ZWNobyBoaQ==^G now'), 'the title is shown, controls in caret notation')
    const show = await bd(['show', 'hx-a1'], { cwd: dir, env })
    assert.ok(show.stdout.includes('line one\n^[[31mred^[[0m^Mover'), 'a description keeps its line breaks, nothing else')
  })
}

test('--json keeps the text exact', async () => {
  const r = await bd(['show', 'hx-a1', '--json'], { cwd: dir })
  const [bead] = JSON.parse(r.stdout)
  assert.is(bead.title, TITLE)
  assert.equal(bead.labels, ['ops\u001b[8m'])
  assert.is(bead.comments[0].text, 'hi\u001b[2J')
})

test('writes that echo the bead print no raw control either', async () => {
  for (const args of COMMANDS.slice(-2)) {
    const r = await bd(args, { cwd: dir })
    assert.is(r.code, 0, `bd ${args.join(' ')}: ${r.stderr}`)
    assert.not.match(r.stdout + r.stderr, RAW_CONTROL, `bd ${args.join(' ')}`)
  }
})

test.run()
