import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { FastEntry } from '../../packages/core/src/cli/entry.js'
import type { World } from '../../packages/core/src/cli/io.js'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binPath = (cli: 'bd' | 'wt') => join(repoRoot, 'packages', cli, 'bin', 'run.js')

export interface CliResult {
  stdout: string
  stderr: string
  code: number
}

/**
 * The one in-process runner: runs a line through the CLI's fast entry (the command bodies, as the
 * built binary does) with stdout, stderr, stdin, folder and environment injected; a line the entry
 * leaves to oclif (help, usage errors of the parser) runs through the built binary instead.
 */
export async function runCli(
  cli: 'bd' | 'wt',
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): Promise<CliResult> {
  const { entry } = (await import(pathToFileURL(join(repoRoot, 'packages', cli, 'dist', 'entry.js')).href)) as { entry: FastEntry }
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  const out: string[] = []
  const err: string[] = []
  const world: World = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin: { isTTY: options.input === undefined, read: async () => options.input ?? '' },
    env,
    cwd: options.cwd ?? process.cwd(),
  }
  const result = await entry.run(argv, world)
  if ('exitCode' in result) return { stdout: out.join(''), stderr: err.join(''), code: result.exitCode }
  return spawnCli(cli, argv, { cwd: options.cwd, env, input: options.input })
}

/** Runs the built CLI as a separate process (what an agent does). */
export function spawnCli(cli: 'bd' | 'wt', argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [binPath(cli), ...argv],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ stdout, stderr, code: error ? Number((error as { code?: number }).code ?? 1) : 0 })
      },
    )
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}

export const tempDir = (name = 'bd-test-'): string => mkdtempSync(join(tmpdir(), name))
