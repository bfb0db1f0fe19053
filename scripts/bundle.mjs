#!/usr/bin/env node
// Bundles bd's fast path (packages/bd/dist/fast.js, built by tsc) into one CommonJS file with its
// dependencies (core, kysely, nanoid, chalk, cli-table3): Node then reads and compiles one file
// instead of resolving ~150 ES modules. CommonJS because bin/run.js compiles it through vm.Script
// with V8's code cache (dist/fast.bundle.cache, written by the first run), which ES modules do not
// offer on Node 20. better-sqlite3 stays external (native addon). Run by `npm run build` after tsc.
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../packages/bd/dist/', import.meta.url))
// V8 validates a code cache by source length, not content: a stale one must never outlive its bundle.
rmSync(`${dist}fast.bundle.cache`, { force: true })
rmSync(`${dist}fast.bundle.cjs`, { force: true })
let build
try {
  ;({ build } = await import('esbuild'))
} catch {
  // An install without devDependencies: bin/run.js then loads the unbundled dist/fast.js (slower, same output).
  console.error('bundle: esbuild is not installed, bd runs unbundled')
  process.exit(0)
}
await build({
  entryPoints: [`${dist}fast.js`],
  outfile: `${dist}fast.bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  external: ['better-sqlite3'],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
})
