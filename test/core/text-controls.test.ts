import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { neutralizeForPaste, showControls } from '../../packages/core/src/text/controls.js'

test('a title cannot retitle, clear, or write the clipboard of the terminal it is shown on', () => {
  const hostile = 'Fix\u001b]0;pwned\u0007 login\u001b[2J\r\u001b]52;c;ZWNobyBoaQ==\u0007 now'
  const out = showControls(hostile)
  assert.not.match(out, /[\u0000-\u001f\u007f-\u009f]/)
  assert.is(out, 'Fix^[]0;pwned^G login^[[2J^M^[]52;c;ZWNobyBoaQ==^G now')
})

test('single-line fields show line breaks and tabs; multi-line fields keep them', () => {
  assert.is(showControls('a\nb\tc'), 'a^Jb^Ic')
  assert.is(showControls('a\nb\tc\r', { multiline: true }), 'a\nb\tc^M')
})

test('C1 controls, DEL and bidi overrides are shown by code point', () => {
  assert.is(showControls('x\u009b31m\u007f\u202eevil'), 'x<U+009B>31m^?<U+202E>evil')
})

test('plain text, including non-ASCII, passes unchanged', () => {
  const text = 'Ünïcödé — 日本語 ✓ emoji 🚀 "quotes" <tags>'
  assert.is(showControls(text), text)
})

test('a paste cannot close the bracketed paste early or submit a second command', () => {
  const body = 'harmless \u001b[201~\r/exit\r\u001b[200~ rest'
  const out = neutralizeForPaste(body)
  assert.not.ok(out.includes('\u001b'), 'no ESC survives')
  assert.not.ok(out.includes('\r'), 'no CR survives')
  assert.equal(out.split('\n'), ['harmless ^[[201~', ' /exit', '^[[200~ rest'])
})

test('every line that would start with a command character is indented, not only the first', () => {
  const out = neutralizeForPaste('do this\n/exit\n  !rm -rf .\nnot /a command', { commandStarts: ['/', '!'] })
  assert.equal(out.split('\n'), ['do this', ' /exit', ' !rm -rf .', 'not /a command'])
})

test('by default only / is a command start; tabs and line breaks are kept', () => {
  assert.is(neutralizeForPaste('a\tb\r\n!c'), 'a\tb\n!c')
})

test('without bracketed paste the lines are joined into one submission, each still guarded', () => {
  const out = neutralizeForPaste('fix it\n/exit\n!rm -rf .', { commandStarts: ['/', '!'], bracketedPaste: false })
  assert.is(out, 'fix it ⏎  /exit ⏎  !rm -rf .')
  assert.not.ok(out.includes('\n'))
})

test('--raw types its first line as given, and guards the rest', () => {
  assert.is(neutralizeForPaste('/compact\n/exit', { firstLineAsIs: true }), '/compact\n /exit')
})

test.run()
