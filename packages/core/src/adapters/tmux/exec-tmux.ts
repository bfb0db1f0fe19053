import { childProcess } from '../child-process.js'
import { randomBytes } from 'node:crypto'
import { DomainError } from '../../errors.js'
import { unsetNestedSession, withoutNestedSession } from './nested-session.js'
import { listPanesFormat, parsePanes } from './panes.js'
import { exactPane, exactSession, type NewSessionOptions, type PaneInfo, type Tmux } from './tmux.js'

interface Result {
  code: number
  stdout: string
  stderr: string
}

// The last session killed: the server exits, and a call racing it hears one of the last two.
const NO_SERVER = /no server running|error connecting to|failed to connect to server|server exited unexpectedly|no current target/i
const NO_SESSION = /can't find session|session not found|can't find pane|can't find window/i

/** The real tmux, through `execFile` argv arrays; `-L <socket>` when WT_TMUX_SOCKET (or `socket`) is set. */
export class ExecTmux implements Tmux {
  readonly socket: string | undefined
  private readonly env: NodeJS.ProcessEnv

  constructor(options: { socket?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.env = options.env ?? process.env
    this.socket = options.socket ?? (this.env.WT_TMUX_SOCKET || undefined)
  }

  private args(rest: readonly string[]): string[] {
    return this.socket ? ['-L', this.socket, ...rest] : [...rest]
  }

  run(rest: readonly string[], input?: string): Promise<Result> {
    return new Promise((resolve, reject) => {
      // Without the nested-session variables: a tmux server this call starts passes its environment to every pane.
      const child = childProcess().execFile(
        'tmux',
        this.args(rest),
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: withoutNestedSession(this.env) },
        (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new DomainError('UNAVAILABLE', 'tmux is not installed or not on PATH', { hint: 'Install tmux (e.g. apt install tmux).' }))
            return
          }
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0
          resolve({ code, stdout, stderr })
        },
      )
      if (input !== undefined) child.stdin!.end(input)
    })
  }

  private async must(rest: readonly string[], input?: string): Promise<string> {
    const r = await this.run(rest, input)
    if (r.code !== 0) throw new DomainError('FAILED', `tmux ${rest[0]} failed: ${r.stderr.trim() || `exit ${r.code}`}`)
    return r.stdout
  }

  async available(): Promise<boolean> {
    try {
      return (await this.run(['-V'])).code === 0
    } catch {
      return false
    }
  }

  async newSession(o: NewSessionOptions): Promise<void> {
    const env = Object.entries(o.env).flatMap(([k, v]) => ['-e', `${k}=${v}`])
    await this.must(['new-session', '-d', '-s', o.name, '-c', o.cwd, '-x', '200', '-y', '50', ...env, '--', ...unsetNestedSession(o.command)])
  }

  async hasSession(name: string): Promise<boolean> {
    return (await this.run(['has-session', '-t', exactSession(name)])).code === 0
  }

  async killSession(name: string): Promise<boolean> {
    const r = await this.run(['kill-session', '-t', exactSession(name)])
    if (r.code === 0) return true
    if (NO_SERVER.test(r.stderr) || NO_SESSION.test(r.stderr)) return false
    throw new DomainError('FAILED', `tmux kill-session failed: ${r.stderr.trim()}`)
  }

  async listPanes(): Promise<PaneInfo[]> {
    const r = await this.run(['list-panes', '-a', '-F', listPanesFormat])
    if (r.code !== 0) {
      if (NO_SERVER.test(r.stderr) || r.stderr.trim() === '') return []
      throw new DomainError('FAILED', `tmux list-panes failed: ${r.stderr.trim()}`)
    }
    return parsePanes(r.stdout)
  }

  async capture(name: string): Promise<string> {
    return this.must(['capture-pane', '-p', '-J', '-t', exactPane(name)])
  }

  async paste(name: string, text: string): Promise<void> {
    const buffer = `wt-${randomBytes(6).toString('hex')}`
    await this.must(['load-buffer', '-b', buffer, '-'], text)
    try {
      await this.must(['paste-buffer', '-p', '-d', '-b', buffer, '-t', exactPane(name)])
    } catch (e) {
      await this.run(['delete-buffer', '-b', buffer])
      throw e
    }
  }

  async sendKey(name: string, key: string): Promise<void> {
    await this.must(['send-keys', '-t', exactPane(name), key])
  }

  async setWindowOption(name: string, option: string, value: string): Promise<void> {
    await this.must(['set-option', '-w', '-t', exactPane(name), option, value])
  }

  async switchTo(name: string, insideTmux: boolean): Promise<void> {
    if (insideTmux) {
      await this.must(['switch-client', '-t', exactSession(name)])
      return
    }
    const r = childProcess().spawnSync('tmux', this.args(['attach-session', '-t', exactSession(name)]), { stdio: 'inherit' })
    if (r.error) throw new DomainError('UNAVAILABLE', `cannot run tmux: ${r.error.message}`)
    if (r.status !== 0) throw new DomainError('FAILED', `tmux attach-session exited with ${r.status}`)
  }
}
