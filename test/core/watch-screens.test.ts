import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { classify } from '../../packages/core/src/workers/rules/classifier.js'
import { presetNames, presets, readScreen, type PresetName } from '../../packages/core/src/workers/rules/presets.js'
import type { WorkerState } from '../../packages/core/src/workers/rules/states.js'

// Table-driven over test/fixtures/screens/<preset>/<state>-N.txt: the file name says the expected
// state (`interrupted` = idle with the interrupted flag). Each screen is classified as a live pane
// running the agent, unchanged for a minute, with no hook or signal: the screen alone decides.
const root = fileURLToPath(new URL('../fixtures/screens/', import.meta.url))
const now = new Date('2026-11-22T05:00:00Z')
const minuteAgo = new Date(now.getTime() - 60_000)
const agentCommand: Record<PresetName, string> = { claude: 'claude', codex: 'codex', aider: 'aider', shell: 'bash' }

/** Screens the screen alone cannot read right, and what settles them in practice. */
const knownMisses: Record<string, string> = {
  // less's first page shows the file name as its prompt; the tmux fact "pane runs less" decides it.
  'shell/waiting-3.txt': 'pager prompt without (END)',
}

interface Row {
  file: string
  expected: WorkerState | 'interrupted'
  got: WorkerState | 'interrupted'
}
const rows: Row[] = []
for (const preset of presetNames) {
  for (const name of readdirSync(root + preset)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const expected = name.split('-')[0] as Row['expected']
    const text = readFileSync(`${root}${preset}/${name}`, 'utf8')
    const result = classify({
      now,
      preset,
      createdAt: new Date(now.getTime() - 3600_000),
      pane: { session: 'w', panePid: 1, dead: false, deadStatus: null, currentCommand: agentCommand[preset], activityAt: minuteAgo },
      screen: { text, changedAt: minuteAgo },
    })
    rows.push({ file: `${preset}/${name}`, expected, got: result.interrupted ? 'interrupted' : result.state })
  }
}

test('there are enough fixtures: every preset, every state it can show, ≥ 30 in all', () => {
  assert.ok(rows.length >= 30, `${rows.length} fixtures`)
  for (const preset of presetNames) {
    const states = new Set(rows.filter((r) => r.file.startsWith(preset + '/')).map((r) => r.expected))
    for (const state of ['working', 'waiting', 'idle', 'exited'] as const) assert.ok(states.has(state), `${preset} has no ${state} fixture`)
  }
})

for (const row of rows) {
  test(`${row.file} reads as ${row.expected}`, () => {
    if (knownMisses[row.file]) {
      assert.is.not(row.got, row.expected, `${row.file} is listed as a known miss but now passes: remove it from knownMisses`)
      return
    }
    assert.is(row.got, row.expected)
  })
}

test('precision per state (printed for the report)', () => {
  const states = [...new Set(rows.flatMap((r) => [r.expected, r.got]))].sort()
  const lines = states.map((state) => {
    const predicted = rows.filter((r) => r.got === state)
    const actual = rows.filter((r) => r.expected === state)
    const hit = predicted.filter((r) => r.expected === state).length
    const precision = predicted.length ? hit / predicted.length : 1
    const recall = actual.length ? actual.filter((r) => r.got === state).length / actual.length : 1
    return `${state.padEnd(12)} precision ${hit}/${predicted.length} = ${precision.toFixed(2)}  recall ${(recall * 100).toFixed(0)}% of ${actual.length}`
  })
  const correct = rows.filter((r) => r.got === r.expected).length
  if (process.env.WT_PRINT_PRECISION) console.log(`\n${lines.join('\n')}\noverall ${correct}/${rows.length}`)
  assert.ok(correct >= rows.length - Object.keys(knownMisses).length)
})

test('only the bottom region counts: "esc to interrupt" high in scrollback does not mean working', () => {
  const text = readFileSync(root + 'claude/idle-3.txt', 'utf8')
  assert.match(text, /esc to interrupt/)
  assert.is(readScreen(presets.claude, text)?.reading, 'idle')
})

test('a permission question under a long diff is waiting, and so is a question above one', () => {
  assert.is(readScreen(presets.claude, readFileSync(root + 'claude/waiting-2.txt', 'utf8'))?.reading, 'waiting')
  const codexAbove = readFileSync(root + 'codex/waiting-1.txt', 'utf8')
  assert.ok(codexAbove.split('\n').findIndex((l) => /Would you like/.test(l)) < 10, 'question sits above the diff')
  assert.is(readScreen(presets.codex, codexAbove)?.reading, 'waiting')
})

test('an empty screen says nothing; ANSI colour does not hide a prompt', () => {
  assert.is(readScreen(presets.claude, '\n\n  \n'), null)
  assert.is(readScreen(presets.claude, '\u001b[2m✻ Cogitating… (3s · \u001b[1mesc to interrupt\u001b[0m)\n')?.reading, 'working')
})

test.run()
