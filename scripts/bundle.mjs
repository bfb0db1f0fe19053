#!/usr/bin/env node
// Bundles bd's fast path (packages/bd/dist/fast.js, built by tsc) into one CommonJS file with its
// dependencies (core, kysely, nanoid, chalk, cli-table3): Node then reads and compiles one file
// instead of resolving ~150 ES modules. CommonJS because bin/run.js compiles it through vm.Script
// with V8's code cache (dist/fast.bundle.cache, written by the first run), which ES modules do not
// offer on Node 20. better-sqlite3 stays external (native addon), and so does pg, loaded only by a
// workspace on PostgreSQL. Run by `npm run build` after tsc.
import { realpathSync, rmSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../packages/bd/dist/', import.meta.url))
// V8 validates a code cache by source length, not content: a stale one must never outlive its bundle.
rmSync(`${dist}fast.bundle.cache`, { force: true })
rmSync(`${dist}fast.bundle.cjs`, { force: true })
rmSync(`${dist}fast.bundle.inputs.json`, { force: true })
let build
try {
  ;({ build } = await import('esbuild'))
} catch {
  // An install without devDependencies: bin/run.js then loads the unbundled dist/fast.js (slower, same output).
  console.error('bundle: esbuild is not installed, bd runs unbundled')
  process.exit(0)
}
const result = await build({
  entryPoints: [`${dist}fast.js`],
  outfile: `${dist}fast.bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  external: ['better-sqlite3', 'pg'],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  metafile: true,
})
// The project's own compiled inputs (not node_modules): bin/run.js skips the bundle when any of
// them is newer, so a bare `tsc -b` (without this script) never runs stale code.
const root = fileURLToPath(new URL('..', import.meta.url))
const inputs = Object.keys(result.metafile.inputs)
  .map((p) => resolve(root, p))
  .filter((p) => !p.includes('/node_modules/') || /\/node_modules\/@beadwork\//.test(p))
  .map((p) => realpathSync(p))
writeFileSync(`${dist}fast.bundle.inputs.json`, JSON.stringify([...new Set(inputs)].map((p) => relative(dist, p))))
