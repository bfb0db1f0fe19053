#!/usr/bin/env node
// `npm run demo`: a guided run of the real CLIs in throw-away folders. Leaves nothing behind.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bdBin = join(root, 'packages/bd/bin/run.js')
if (!existsSync(join(root, 'packages/bd/dist'))) {
  console.error('The CLIs are not built yet: run `npm install` first.')
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'bd-demo-'))
const repo = join(work, 'shop')
mkdirSync(repo)
const env = { ...process.env, BEADS_ACTOR: 'demo-hub', BEADS_DB: '', BEADS_DIR: '' }

const bold = process.stdout.isTTY && !process.env.NO_COLOR ? (t) => `\x1b[1m${t}\x1b[0m` : (t) => t
const say = (text) => console.log(`\n${bold(`# ${text}`)}`)
function bd(...args) {
  console.log(`$ bd ${args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)
  const out = execFileSync(process.execPath, [bdBin, ...args], { cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  process.stdout.write(out)
  return out.trim()
}

try {
  say('A tracker lives in the repository: .beads/ (SQLite + a git-friendly JSONL)')
  bd('init', '--prefix', 'shop')

  say('File some work: an epic, tasks under it, and dependencies between them')
  const epic = bd('create', 'Checkout v2', '-t', 'epic', '-p', '1', '--silent')
  const schema = bd('create', 'Add orders table', '--parent', epic, '-p', '0', '-l', 'db', '--silent')
  const api = bd('create', 'Orders API', '--parent', epic, '--deps', schema, '-l', 'backend', '--silent')
  bd('create', 'Checkout page', '--parent', epic, '--deps', api, '-l', 'ui', '--silent')
  bd('create', 'Fix flaky login test', '-t', 'bug', '-p', '2', '--silent')

  say('What can be worked on now? (priority, then oldest first)')
  bd('ready')
  say('And what waits on what')
  bd('blocked')

  say('An agent claims the top bead (atomic: two agents never get the same one) …')
  bd('ready', '--claim', '--priority', '0', '--json', '--actor', 'agent-1')
  say('… finishes it, and closes it')
  bd('close', schema, '-r', 'Migration 0042 merged')

  say('Closing the blocker made the API task ready')
  bd('ready')
  bd('dep', 'tree', epic, '--direction', 'up')

  say('Errors are clear, name the bad value, and change nothing (exit 1; 2 for usage)')
  try {
    bd('update', api, '--priority', 'urgent')
  } catch (e) {
    process.stdout.write(String(e.stderr ?? ''))
    console.log(`(exit ${e.status})`)
  }

  const wtDemo = join(root, 'scripts', 'demo-wt.mjs')
  if (existsSync(wtDemo)) {
    const { demoWt } = await import(wtDemo)
    await demoWt()
  }
  say('Done. Everything ran in a temporary folder, now removed.')
} finally {
  rmSync(work, { recursive: true, force: true })
}
