/**
 * The real agent CLIs, pinned as devDependencies (package.json), run against the loopback stand-in
 * (api-standin.ts). Missing or at another version is an error, never a skip: `npm ci` installs them.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './wt.js'

const pinned = (name: string): string => {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[name]
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`package.json must pin ${name} to an exact version (found ${version ?? 'nothing'})`)
  return version
}

export interface RealCli {
  bin: string
  version: string
}

/** The pinned Claude Code binary (its platform package holds the native executable). */
export function claudeCli(): RealCli {
  const version = pinned('@anthropic-ai/claude-code')
  const candidates = [
    join(root, 'node_modules/@anthropic-ai/claude-code/bin/claude.exe'),
    join(root, `node_modules/@anthropic-ai/claude-code-${process.platform}-${process.arch}/claude`),
  ]
  for (const bin of candidates.filter((c) => existsSync(c))) {
    try {
      const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DISABLE_AUTOUPDATER: '1' } })
      if (out.startsWith(version)) return { bin, version }
      throw new Error(`${bin} is ${out.trim()}, not the pinned ${version}: run npm ci`)
    } catch (e) {
      if ((e as Error).message.includes('not the pinned')) throw e
    }
  }
  throw new Error(
    `the pinned Claude Code CLI (@anthropic-ai/claude-code@${version}) is missing or does not run: run npm ci (looked at ${candidates.join(', ')})`,
  )
}

/** The pinned Codex CLI (a node launcher over the native binary of its platform package). */
export function codexCli(): RealCli {
  const version = pinned('@openai/codex')
  const bin = join(root, 'node_modules/@openai/codex/bin/codex.js')
  if (!existsSync(bin)) throw new Error(`the pinned Codex CLI (@openai/codex@${version}) is missing: run npm ci`)
  const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 60_000 })
  if (!out.includes(version)) throw new Error(`${bin} is ${out.trim()}, not the pinned ${version}: run npm ci`)
  return { bin, version }
}

/**
 * A scratch HOME for Claude Code: `~/.claude.json` that skips onboarding, approves (or not) the API
 * key and trusts (or not) the given folders; `~/.claude/settings.json` in manual permission mode so
 * a tool call asks (2.1.x defaults to auto mode, which runs it unasked).
 */
export function claudeHome(home: string, options: { apiKey: string; approveKey: boolean; trusted: readonly string[] }): void {
  mkdirSync(join(home, '.claude'), { recursive: true })
  const projects = Object.fromEntries(options.trusted.map((dir) => [dir, { hasTrustDialogAccepted: true }]))
  writeFileSync(
    join(home, '.claude.json'),
    JSON.stringify(
      { hasCompletedOnboarding: true, customApiKeyResponses: { approved: options.approveKey ? [options.apiKey.slice(-20)] : [], rejected: [] }, projects },
      null,
      2,
    ),
  )
  writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ permissions: { defaultMode: 'default' } }, null, 2))
}

/** Adds folder trust (and key approval) to an existing `~/.claude.json`, keeping what the CLI wrote there. */
export function claudeTrust(home: string, dirs: readonly string[], options: { approveKey?: string | false } = {}): void {
  const file = join(home, '.claude.json')
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    projects?: Record<string, Record<string, unknown>>
    customApiKeyResponses?: { approved: string[]; rejected: string[] }
  }
  config.projects ??= {}
  for (const dir of dirs) config.projects[dir] = { ...(config.projects[dir] ?? {}), hasTrustDialogAccepted: true }
  if (options.approveKey === false) config.customApiKeyResponses = { approved: [], rejected: [] }
  writeFileSync(file, JSON.stringify(config, null, 2))
}
