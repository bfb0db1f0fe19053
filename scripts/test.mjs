#!/usr/bin/env node
// Runs every uvu test file under test/ (or those whose path matches argv[2]), each in its own
// process, as many at once as there are cores (TEST_JOBS overrides). Each file's output is printed
// whole when it ends, so parallel files never interleave; then the slowest files, and last the line
// `N passed, N failed, N skipped`. A file that ends without uvu's summary (a crash, a hang past
// TEST_FILE_TIMEOUT seconds) counts as one failure.
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pattern = new RegExp(process.argv[2] ?? '\\.test\\.ts$')
const jobs = Math.max(1, Number(process.env.TEST_JOBS) || availableParallelism())
const fileTimeoutMs = (Number(process.env.TEST_FILE_TIMEOUT) || 900) * 1000

// wt's own git calls (rebase and merge in `wt done`) run with the user's git identity; a fresh CI
// machine has none, so the tests bring one instead of depending on ~/.gitconfig.
const env = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  ...process.env,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path)
    return name.endsWith('.test.ts') ? [relative(root, path)] : []
  })
}

// Files that drive real processes (tmux, agents, the built CLIs) take longest: start them first so
// the run does not end waiting on one slow file.
const weight = (file) => (/^test\/(wt|reliability)\//.test(file) ? 2 : /^test\/bd\//.test(file) ? 1 : 0)
const files = testFiles(join(root, 'test'))
  .filter((file) => pattern.test(file))
  .sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))

if (files.length === 0) {
  console.log(`no test file matches ${pattern}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    const timer = setTimeout(() => {
      out += `\n(killed after ${fileTimeoutMs / 1000} s)\n`
      child.kill('SIGKILL')
    }, fileTimeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ file, out, code, signal, seconds: (Date.now() - started) / 1000 })
    })
  })
}

function tally({ out, code, signal }) {
  const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? NaN)
  const total = num('Total')
  const passed = num('Passed')
  const skipped = num('Skipped') || 0
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    return { passed: 0, failed: 1, skipped: 0, note: `ended (${signal ?? `exit ${code}`}) before uvu's summary: the file crashed` }
  }
  const failed = total - passed - skipped
  // uvu ends a suite without a word when formatting a failure throws (e.g. an error whose `details` is not a string).
  const silent = failed > 0 && !out.includes('FAIL')
  const note = silent ? `${failed} test(s) did not report: uvu stopped a suite early` : code !== 0 && failed === 0 ? `exit ${code}` : ''
  return { passed, failed: failed || (code !== 0 ? 1 : 0), skipped, note }
}

const results = []
const queue = [...files]
const wallStart = Date.now()
await Promise.all(
  Array.from({ length: Math.min(jobs, files.length) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = await runFile(file)
      const counts = tally(result)
      results.push({ ...result, ...counts })
      process.stdout.write(`\n── ${file} (${result.seconds.toFixed(1)} s)\n${result.out.trimEnd()}\n`)
      if (counts.note) process.stdout.write(`!! ${file}: ${counts.note}\n`)
    }
  }),
)

const sum = (key) => results.reduce((n, r) => n + r[key], 0)
const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 10)
console.log(`\nSlowest files (${files.length} files, ${jobs} at a time, ${((Date.now() - wallStart) / 1000).toFixed(1)} s wall):`)
for (const r of slowest) console.log(`  ${r.seconds.toFixed(1).padStart(6)} s  ${r.file}`)
const failedFiles = results.filter((r) => r.failed > 0)
if (failedFiles.length) console.log(`\nFailed: ${failedFiles.map((r) => r.file).join(', ')}`)
console.log(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`)
process.exit(failedFiles.length ? 1 : 0)
