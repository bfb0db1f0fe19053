import { execFile } from 'node:child_process'
import { resolveExecutable } from '../adapters/processes.js'

/** The platform's URL opener, as an argv (never a shell string: the URL is data). */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  if (platform === 'win32') return { command: 'explorer.exe', args: [url] }
  return { command: 'xdg-open', args: [url] }
}

/** `--open`: starts the opener detached; false (and nothing run) when it is not installed. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform = process.platform): boolean {
  const { command, args } = browserCommand(platform, url)
  const path = resolveExecutable(command, env, cwd)
  if (!path) return false
  const child = execFile(path, args, { env, timeout: 30_000 }, () => undefined)
  child.unref()
  return true
}
