import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import Module = require('node:module')
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Script } from 'node:vm'
import type { EntryResult, FastEntry } from './entry.js'

// CommonJS (.cts), like the bins that require it: Node's ES module loader costs ≈15 ms of every
// start (bench: floor.mjs vs floor.cjs), and a `bd` call is mostly start.

/**
 * What bin/run.js of bd and wt does: run the command line through the CLI's fast entry (its
 * command bodies without oclif, bundled by scripts/bundle.mjs into one CommonJS file loaded with
 * V8's code cache), and hand whatever the entry leaves (help, usage errors) to oclif.
 */
export async function launch(root: string, argv: string[]): Promise<void> {
  // A reader that stops early (`bd list --json | head`) closes the pipe: end quietly, as cat does,
  // instead of dying on an unhandled EPIPE with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e
      process.exit(process.exitCode ?? 0)
    })
  }
  const result = await runEntry(root, argv)
  if ('exitCode' in result) {
    process.exitCode = result.exitCode
    return
  }
  const { Config, execute, flush, handle } = await import('@oclif/core')
  const pkg = pathToFileURL(join(root, 'package.json')).href
  if (!result.id) return void (await execute({ dir: pkg, args: result.argv }))
  // A known command without a help request: oclif's own parser judges the line (usage errors,
  // exit 2). Through execute(), `bd ready now` would be looked up as the command `ready:now`.
  try {
    await (await Config.load(pkg)).runCommand(result.id, result.rest)
    await flush()
  } catch (error) {
    await handle(error as Error)
  }
}

async function runEntry(root: string, argv: string[]): Promise<EntryResult> {
  const bundle = join(root, 'dist', 'fast.bundle.cjs')
  const unbundled = async (): Promise<FastEntry> => (await import(pathToFileURL(join(root, 'dist', 'entry.js')).href)).entry
  if (process.env.BD_NO_FAST) return (await unbundled()).fallback(argv)
  if (!bundleIsCurrent(bundle)) return (await unbundled()).run(argv)
  const { entry, saveCache } = loadBundle(bundle)
  const result = await entry.run(argv)
  // After the run, so the cache also holds the functions this command compiled lazily.
  if ('exitCode' in result) saveCache()
  return result
}

/** Loads the bundle through vm.Script with a code cache, as v8-compile-cache does for CommonJS. */
function loadBundle(file: string): { entry: FastEntry; saveCache(): void } {
  const cacheFile = file.replace(/\.cjs$/, '.cache')
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // first run after a build: compiled from source, the cache is written below
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })
  const module = { exports: {} as { entry: FastEntry } }
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file))
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
  return { entry: module.exports.entry, saveCache }
}

/** The bundle exists and tsc has not emitted since it was built (scripts/bundle.mjs lists what to stat). */
function bundleIsCurrent(bundle: string): boolean {
  try {
    const built = statSync(bundle).mtimeMs
    const inputs = JSON.parse(readFileSync(bundle.replace(/\.cjs$/, '.inputs.json'), 'utf8')) as string[]
    return inputs.every((p) => statSync(join(dirname(bundle), p)).mtimeMs <= built)
  } catch {
    return false
  }
}
