#!/usr/bin/env node
// What each start-up step buys: `bd ready --json` on the 10k workspace (run `npm run bench` first,
// or pass --size N to generate one), each variant built from the same dist/entry.js (the fast
// entry scripts/manifest.mjs generates), timed round-robin with NODE_EXTRA_CA_CERTS unset:
//   oclif (BD_NO_FAST=1) → fast entry unbundled (ESM, ~150 modules) → one ESM bundle (esbuild)
//   → one CommonJS bundle → the shipped bin/run.js (CommonJS bundle + V8 code cache),
// against both floors (bench/floor.mjs, bench/floor.cjs).
//   node bench/steps.mjs [--runs 15] [--size 10000]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { generateWorkspace } from './generate.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'packages', 'bd', 'dist')
const bin = join(root, 'packages', 'bd', 'bin', 'run.js')
const args = process.argv.slice(2)
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d)
const runs = Number(opt('--runs', 15))
const size = Number(opt('--size', 10000))
const label = `${size / 1000}k`
const ws = join(root, 'bench', 'out', `ws-${label}`)
if (!existsSync(join(ws, '.beads', 'beads.db'))) await generateWorkspace(ws, size)

// Variants live next to dist/entry.js, so their relative imports resolve the same.
const steps = join(root, 'bench', 'out', 'steps')
mkdirSync(steps, { recursive: true })
const esm = join(dist, 'entry.steps-esm.js')
await build({
  entryPoints: [join(dist, 'entry.js')],
  outfile: esm,
  supported: { 'dynamic-import': false },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  external: ['better-sqlite3'],
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
})
const entry = (name, body) => {
  const file = join(steps, name)
  writeFileSync(file, body)
  return file
}
const unbundled = entry('unbundled.mjs', `const { entry } = await import(${JSON.stringify(join(dist, 'entry.js'))})\nawait entry.run(process.argv.slice(2))\n`)
const esmEntry = entry('esm-bundle.mjs', `const { entry } = await import(${JSON.stringify(esm)})\nawait entry.run(process.argv.slice(2))\n`)
const cjsEntry = entry('cjs-bundle.cjs', `require(${JSON.stringify(join(dist, 'fast.bundle.cjs'))}).entry.run(process.argv.slice(2))\n`)

const env = { ...process.env, NO_COLOR: '1' }
delete env.NODE_EXTRA_CA_CERTS
const argv = ['ready', '--json']
const variants = [
  { name: 'floor, CommonJS (bench/floor.cjs)', argv: [join(root, 'bench', 'floor.cjs'), join(ws, '.beads', 'beads.db')], same: false },
  { name: 'floor, ES module (bench/floor.mjs)', argv: [join(root, 'bench', 'floor.mjs'), join(ws, '.beads', 'beads.db')], same: false },
  { name: 'oclif (BD_NO_FAST=1)', argv: [bin, ...argv], env: { BD_NO_FAST: '1' } },
  { name: 'fast path, unbundled ESM', argv: [unbundled, ...argv] },
  { name: 'fast path, one ESM bundle', argv: [esmEntry, ...argv] },
  { name: 'fast path, one CommonJS bundle', argv: [cjsEntry, ...argv] },
  { name: 'shipped: CommonJS bundle + V8 code cache', argv: [bin, ...argv] },
]
const run = (v) => {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, v.argv, { cwd: ws, env: { ...env, ...v.env }, encoding: 'utf8', maxBuffer: 1 << 28 })
  if (r.status !== 0) throw new Error(`${v.name}: exit ${r.status} ${r.stderr}`)
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout: r.stdout }
}
// Warm-up, and proof that every variant printed what bd prints (none fell back silently).
const expected = run(variants[2]).stdout.replace(/"updated_at": "[^"]*"/g, '')
for (const v of variants.slice(3)) if (run(v).stdout.replace(/"updated_at": "[^"]*"/g, '') !== expected) throw new Error(`${v.name} printed something else`)
const times = variants.map(() => [])
for (let i = 0; i < runs; i++) variants.forEach((v, k) => times[k].push(run(v).ms))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const floor = median(times[0])
console.log(`bd ready --json, ${label} beads, ${runs} runs each, median (min) ms; NODE_EXTRA_CA_CERTS unset`)
variants.forEach((v, k) => {
  const m = median(times[k])
  const prev = k > 2 ? median(times[k - 1]) : undefined
  console.log(
    `${v.name.padEnd(44)} ${m.toFixed(0).padStart(5)} (${Math.min(...times[k]).toFixed(0)})  ×${(m / floor).toFixed(2)}${prev ? `  ${(m - prev).toFixed(0)} ms vs the line above` : ''}`,
  )
})
rmSync(esm, { force: true })
