// The house's two structural promises (README "Layout"): rules do no I/O, and only adapters start processes.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const src = fileURLToPath(new URL('../../packages/', import.meta.url))
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist') return []
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : []
  })
const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)].map((m) => ({ type: !!m[1], from: m[2]! }))

test('core/src/workers/rules imports no node module and nothing outside rules but errors, types and the tmux port’s constants', () => {
  const rules = join(src, 'core/src/workers/rules')
  const allowed = new Set(['../../errors.js', '../../adapters/tmux/tmux.js'])
  const offending = files(rules).flatMap((f) =>
    imports(f)
      .filter((i) => !i.type && (i.from.startsWith('node:') || (i.from.startsWith('../') && !allowed.has(i.from))))
      .map((i) => `${relative(src, f)} imports ${i.from}`),
  )
  assert.equal(offending, [])
})

test('only core/src/adapters starts processes (child_process)', () => {
  const starting = files(src)
    .filter((f) => /from 'node:child_process'|import\('node:child_process'\)/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(src, f))
  assert.ok(starting.length > 0)
  assert.equal(
    starting.filter((f) => !f.startsWith('core/src/adapters/')),
    [],
  )
})

test.run()
