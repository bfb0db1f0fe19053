import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { deliverText } from '../../packages/core/src/workers/deliver.js'
import type { Tmux } from '../../packages/core/src/adapters/tmux/tmux.js'

/** A TUI on a fake tmux: an input line that a paste fills and an Enter submits (unless swallowed). */
function fakeTui(swallow: number, echo = true) {
  const state = { history: ['welcome'], input: '', enters: 0, submitted: [] as string[], swallow }
  const tmux: Tmux = {
    socket: undefined,
    available: async () => true,
    newSession: async () => undefined,
    hasSession: async () => true,
    killSession: async () => true,
    listPanes: async () => [],
    capture: async () => [...state.history, `> ${state.input}`, '? for shortcuts'].join('\n'),
    paste: async (_n, text) => {
      if (echo) state.input += text
    },
    sendKey: async (_n, key) => {
      assert.is(key, 'Enter')
      state.enters++
      if (state.swallow > 0) return void state.swallow--
      state.submitted.push(state.input)
      state.history.push(`> ${state.input}`, 'ok')
      state.input = ''
    },
    setWindowOption: async () => undefined,
    switchTo: async () => undefined,
  }
  return { tmux, state }
}

const fast = { pauseMs: 0, verifyMs: 150 }

test('one Enter when the first one is taken; the text is submitted once', async () => {
  const { tmux, state } = fakeTui(0)
  const r = await deliverText(tmux, 'w', 'hello; $(x)', fast)
  assert.equal(r, { enters: 1, verified: true, typed: 'hello; $(x)' })
  assert.equal(state.submitted, ['hello; $(x)'])
})

test('a swallowed Enter is retried, and the text still arrives once', async () => {
  const { tmux, state } = fakeTui(2)
  const r = await deliverText(tmux, 'w', 'do it', fast)
  assert.equal(r, { enters: 3, verified: true, typed: 'do it' })
  assert.equal(state.submitted, ['do it'])
})

test('at most 3 retries (4 Enters), then it reports the submission unconfirmed', async () => {
  const { tmux, state } = fakeTui(10)
  const r = await deliverText(tmux, 'w', 'stuck', fast)
  assert.equal(r, { enters: 4, verified: false, typed: 'stuck' })
  assert.is(state.enters, 4)
})

test('what is pasted is the neutralised text: no controls, no line read as a command, one submission without bracketed paste', async () => {
  const { tmux, state } = fakeTui(0)
  const r = await deliverText(tmux, 'w', 'a\u001b[201~\r/exit', { ...fast, input: { bracketedPaste: false, commandStarts: ['/'] } })
  assert.is(r.typed, 'a^[[201~ ⏎  /exit')
  assert.equal(state.submitted, ['a^[[201~ ⏎  /exit'])
})

test('an app that does not echo the paste gets exactly one Enter', async () => {
  const { tmux, state } = fakeTui(0, false)
  const r = await deliverText(tmux, 'w', 'quiet', fast)
  assert.equal(r, { enters: 1, verified: false, typed: 'quiet' })
  assert.is(state.enters, 1)
})

test.run()
