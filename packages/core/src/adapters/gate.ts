/** The processes adapter for `wt land`'s gate (kept apart from processes.ts: it streams, keeps a tail and kills its group on timeout). */
import { childProcess } from './child-process.js'

export interface GateRun {
  ok: boolean
  /** `exit 1`, `killed by SIGTERM`, `timed out after 600 s`. */
  exit: string
  /** The last lines of its output (stdout and stderr, interleaved as written). */
  tail: string[]
  ms: number
}

const KEEP_BYTES = 64 * 1024

/**
 * Runs the configured gate with `sh -c` in `cwd`: the user's own command from land.gate or --gate,
 * never text from a worker or a bead. Its own process group, killed whole on timeout.
 */
export function runGate(command: string, cwd: string, options: { timeoutSeconds: number; env: NodeJS.ProcessEnv; tailLines?: number }): Promise<GateRun> {
  const started = Date.now()
  return new Promise((resolve) => {
    let out = ''
    const keep = (chunk: Buffer) => {
      out += chunk.toString('utf8')
      if (out.length > KEEP_BYTES * 2) out = out.slice(-KEEP_BYTES)
    }
    const child = childProcess().spawn('sh', ['-c', command], { cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let timedOut = false
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal)
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup('SIGTERM')
      setTimeout(() => killGroup('SIGKILL'), 2000).unref()
    }, options.timeoutSeconds * 1000)
    const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      clearTimeout(timer)
      const tail = out
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== '')
        .slice(-(options.tailLines ?? 20))
      const exit = error
        ? `could not start: ${error.message}`
        : timedOut
          ? `timed out after ${options.timeoutSeconds} s`
          : signal
            ? `killed by ${signal}`
            : `exit ${code}`
      resolve({ ok: !error && !timedOut && code === 0, exit, tail, ms: Date.now() - started })
    }
    child.once('error', (e) => finish(null, null, e))
    child.once('close', (code, signal) => finish(code, signal))
  })
}
