import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Config } from '@oclif/core'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binPath = (cli: 'bd' | 'wt') => join(repoRoot, 'packages', cli, 'bin', 'run.js')

export interface CliResult {
  stdout: string
  stderr: string
  code: number
}

const configs = new Map<string, Config>()

/** Finds the longest command id that prefixes argv ('dep add x' → 'dep:add'). */
function split(config: Config, argv: string[]): [string, string[]] {
  for (let n = Math.min(3, argv.length); n > 0; n--) {
    const id = argv.slice(0, n).join(':')
    if (config.findCommand(id)) return [id, argv.slice(n)]
  }
  return [argv[0] ?? '', argv.slice(1)]
}

/**
 * Runs a command in-process through oclif (one cached Config per CLI), capturing stdout, stderr
 * and the exit code, with cwd and env set for the duration. Runs are serialised by the caller.
 */
export async function runCli(cli: 'bd' | 'wt', argv: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  let config = configs.get(cli)
  if (!config) {
    config = await Config.load({ root: join(repoRoot, 'packages', cli) })
    configs.set(cli, config)
  }
  const out: string[] = []
  const err: string[] = []
  const origOut = process.stdout.write.bind(process.stdout)
  const origErr = process.stderr.write.bind(process.stderr)
  const origCwd = process.cwd()
  const savedEnv: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(options.env ?? {})) {
    savedEnv[k] = process.env[k]
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  process.exitCode = undefined
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write
  let code = 0
  try {
    if (options.cwd) process.chdir(options.cwd)
    const [id, rest] = split(config, argv)
    await config.runCommand(id, rest)
    code = Number(process.exitCode ?? 0)
  } catch (e) {
    const ex = e as { oclif?: { exit?: number }; message?: string }
    code = ex.oclif?.exit ?? 1
    err.push(String(ex.message ?? e))
  } finally {
    process.stdout.write = origOut
    process.stderr.write = origErr
    process.chdir(origCwd)
    process.exitCode = undefined
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  return { stdout: out.join(''), stderr: err.join(''), code }
}

/** Runs the built CLI as a separate process (what an agent does). */
export function spawnCli(cli: 'bd' | 'wt', argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [binPath(cli), ...argv], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error ? Number((error as { code?: number }).code ?? 1) : 0 })
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}

export const tempDir = (name = 'bd-test-'): string => mkdtempSync(join(tmpdir(), name))
