#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { execute } from '@oclif/core'

// oclif 4 has no default command: `wt` lists workers and `wt <name|bead>` switches to one.
// Known first words come from the build-time manifest (worker names never equal a command).
const args = process.argv.slice(2)
const GLOBAL = new Set(['--help', '-h', '--version', '-v'])
if (args.length === 0 || (args[0].startsWith('-') && !GLOBAL.has(args[0]))) process.argv.splice(2, 0, 'list')
else if (!args[0].startsWith('-')) {
  let known
  try {
    const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'))
    known = new Set(Object.keys(manifest.commands).map((id) => id.split(':')[0]))
  } catch {
    known = new Set(['config', 'project', 'projects', 'new', 'list', 'switch', 'send', 'signal', 'status', 'hook', 'kill', 'close', 'done', 'events', 'version'])
  }
  known.add('help')
  if (!known.has(args[0])) process.argv.splice(2, 0, 'switch')
}

await execute({ dir: import.meta.url })
