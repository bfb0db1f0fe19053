import { resolveExecutable, runProgram } from '../adapters/processes.js'

/** The platform's URL opener, as an argv (never a shell string: the URL is data). */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  if (platform === 'win32') return { command: 'explorer.exe', args: [url] }
  return { command: 'xdg-open', args: [url] }
}

/** `--open`: starts the opener without waiting for it; false (and nothing run) when it is not installed. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform = process.platform): boolean {
  const { command, args } = browserCommand(platform, url)
  const path = resolveExecutable(command, env, cwd)
  if (!path) return false
  // The dashboard serves on whether or not the opener succeeds: its outcome is not waited for.
  void runProgram(path, args, { env, cwd, timeoutMs: 30_000 })
  return true
}
