#!/usr/bin/env node
// Runs every uvu test file under test/ (or those matching argv[2]) and ends with the line
// `N passed, N failed, N skipped`. Fails when uvu crashes before printing its summary.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pattern = process.argv[2] ?? '\\.test\\.ts$'
const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  // wt's own git calls (rebase and merge in `wt done`) run with the user's git identity; a fresh CI
  // machine has none, so the tests bring one instead of depending on ~/.gitconfig.
  env: { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
})
let out = ''
child.stdout.on('data', (chunk) => {
  out += chunk
  process.stdout.write(chunk)
})
child.on('close', (code, signal) => {
  const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? NaN)
  const total = num('Total')
  const passed = num('Passed')
  const skipped = num('Skipped')
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    console.log(`\nuvu ended (${signal ?? `exit ${code}`}) before its summary: the run crashed`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  const failed = total - passed - (Number.isNaN(skipped) ? 0 : skipped)
  // uvu ends a suite without a word when formatting a failure throws (e.g. an error whose `details` is not a string).
  if (failed > 0 && !out.includes('FAIL')) console.log(`\n${failed} test(s) did not report: uvu stopped a suite early (see the suites above with fewer dots than tests)`)
  console.log(`\n${passed} passed, ${failed} failed, ${Number.isNaN(skipped) ? 0 : skipped} skipped`)
  process.exit(failed > 0 || code !== 0 ? 1 : 0)
})
