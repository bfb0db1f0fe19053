#!/usr/bin/env node
// The agent hot path (ready, show, list, create, update, close, plan) first tries src/fast.ts: no oclif
// (≈120 ms of imports), and its dependencies come as one bundle (scripts/bundle.mjs) compiled with
// V8's code cache. It hands anything it does not fully understand (help, unknown flags, usage
// errors…) back untouched, and oclif runs the command as usual. BD_NO_FAST=1 forces oclif.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const HOT = ['ready', 'show', 'list', 'create', 'update', 'close', 'plan']
const argv = process.argv.slice(2)

/** Loads dist/fast.bundle.cjs through vm.Script with a code cache, as v8-compile-cache does for CommonJS. */
function loadBundle(file) {
  const cacheFile = file.replace(/\.cjs$/, '.cache')
  let cachedData
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // first run after a build: compiled from source, the cache is written below
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return
    const tmp = `${cacheFile}.${process.pid}.tmp`
    try {
      writeFileSync(tmp, script.createCachedData())
      renameSync(tmp, cacheFile) // atomic: concurrent first runs each write a whole cache
    } catch {
      rmSync(tmp, { force: true }) // a read-only install just runs without the cache
    }
  }
  return { runFast: module.exports.runFast, saveCache }
}

/** The bundle exists and none of the project files it was built from changed since (a bare `tsc -b`). */
function bundleIsCurrent(bundle) {
  try {
    const built = statSync(bundle).mtimeMs
    const inputs = JSON.parse(readFileSync(bundle.replace(/\.cjs$/, '.inputs.json'), 'utf8'))
    return inputs.every((p) => statSync(join(dirname(bundle), p)).mtimeMs <= built)
  } catch {
    return false
  }
}

async function fast() {
  if (!HOT.includes(argv[0]) || process.env.BD_NO_FAST) return false
  const bundle = fileURLToPath(new URL('../dist/fast.bundle.cjs', import.meta.url))
  if (!bundleIsCurrent(bundle)) return (await import('../dist/fast.js')).runFast(argv)
  const { runFast, saveCache } = loadBundle(bundle)
  const handled = await runFast(argv)
  // After the run, so the cache also holds the functions this command compiled lazily.
  if (handled) saveCache()
  return handled
}

/**
 * With a space as topic separator oclif reads `bd ready now` as the command `ready:now` and fails
 * outside the command ("command ready:now not found", exit 1, no --json body). When the first word
 * is a command that takes no arguments and `<word> <next>` names no command or topic, the extra
 * word is an unexpected argument: run the command with it, so its parser reports that (exit 2).
 */
function extraArgument() {
  const next = argv[1]
  if (!next || next.startsWith('-') || argv.includes('--help') || argv.includes('-h')) return false
  let commands
  try {
    commands = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')).commands
  } catch {
    return false
  }
  const cmd = commands[argv[0]]
  if (!cmd || cmd.strict === false || Object.keys(cmd.args ?? {}).length > 0) return false
  const spaced = `${argv[0]}:${next}`
  return !Object.keys(commands).some((id) => id === spaced || id.startsWith(`${spaced}:`))
}

if (!(await fast())) {
  const { Config, execute, flush, handle } = await import('@oclif/core')
  if (extraArgument()) {
    try {
      await (await Config.load(import.meta.url)).runCommand(argv[0], argv.slice(1))
      await flush()
    } catch (error) {
      await handle(error)
    }
  } else await execute({ dir: import.meta.url })
}
