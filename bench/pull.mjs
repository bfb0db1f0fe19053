#!/usr/bin/env node
// Benchmark: the cost of a pull. N new beads arrive in .beads/issues.jsonl of a workspace that
// already holds W beads (the next bd command imports them), against a fresh `bd import` of the
// same N beads into an empty workspace, in one run. Issue 13: at most 2× whatever W is.
//   node bench/pull.mjs [N=5000,20000] [W=20000]
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { generate } from './import.mjs'

const BD = fileURLToPath(new URL('../packages/bd/bin/run.js', import.meta.url))

function bd(cwd, args) {
  const env = { ...process.env, BEADS_ACTOR: 'bench', NO_COLOR: '1' }
  for (const k of ['NODE_EXTRA_CA_CERTS', 'BEADS_DB', 'BEADS_DIR']) delete env[k]
  return execFileSync(process.execPath, [BD, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 })
}
const timed = (fn) => {
  const t0 = performance.now()
  fn()
  return Math.round(performance.now() - t0)
}
const workspace = (root, name, prefix) => {
  const dir = join(root, name)
  mkdirSync(dir)
  bd(dir, ['init', '--prefix', prefix, '--quiet'])
  return dir
}

export async function run({ counts = [5000, 20000], existing = 20000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'bd-bench-pull-'))
  const rows = []
  try {
    const heldFile = join(root, 'held.jsonl')
    writeFileSync(heldFile, generate(existing, 'old'))
    for (const n of counts) {
      const incoming = generate(n, 'new')
      const file = join(root, `new-${n}.jsonl`)
      writeFileSync(file, incoming)
      const fresh = workspace(root, `fresh-${n}`, 'new')
      const freshMs = timed(() => bd(fresh, ['import', '-i', file]))
      const big = workspace(root, `pull-${n}`, 'old')
      bd(big, ['import', '-i', heldFile])
      bd(big, ['list', '--limit', '1'])
      const jsonl = join(big, '.beads', 'issues.jsonl')
      // What a pull does: the file now holds both, sorted by id, as git would leave it.
      const merged = [...readFileSync(jsonl, 'utf8').trimEnd().split('\n'), ...incoming.trimEnd().split('\n')].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      writeFileSync(jsonl, merged.join('\n') + '\n')
      const pullMs = timed(() => bd(big, ['list', '--limit', '1']))
      const count = JSON.parse(bd(big, ['count', '--all', '--json'])).count
      if (count !== existing + n) throw new Error(`after the pull ${count} beads, expected ${existing + n}`)
      rows.push({
        name: `pull of ${n} new beads into ${existing}`,
        pull_ms: pullMs,
        fresh_import_ms: freshMs,
        ratio: Math.round((pullMs / freshMs) * 100) / 100,
      })
      rmSync(big, { recursive: true, force: true })
      rmSync(fresh, { recursive: true, force: true })
    }
    return rows
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const counts = (process.argv[2] ?? '5000,20000').split(',').map(Number)
  const existing = Number(process.argv[3] ?? 20000)
  for (const r of await run({ counts, existing })) console.log(`${r.name}: ${r.pull_ms} ms; fresh import of them: ${r.fresh_import_ms} ms; ×${r.ratio}`)
}
