import type { WtRun } from '../body.js'
import type Dashboard from '../commands/dashboard.js'
import { countFlag, usageError, writeData, writeNote } from '@beadwork/core/cli/io'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export default async function dashboard({ flags, io, pool }: WtRun<typeof Dashboard>): Promise<number | void> {
  const port = countFlag('port', flags.port, 0) ?? 0
  if (port > 65535) throw usageError(`--port expects a port number (0-65535), got ${JSON.stringify(flags.port)}`)
  const workers = await pool()
  const [{ startDashboard }, { openInBrowser }] = await Promise.all([
    import('@beadwork/core/dashboard/server'),
    import('@beadwork/core/dashboard/open-browser'),
  ])
  const dash = await startDashboard(workers, {
    host: flags.host,
    port,
    readOnly: flags['read-only'],
    interval: workers.watchInterval(flags.interval),
    onError: (e) => writeNote(io, `dashboard: ${e instanceof Error ? e.message : String(e)}`),
  })
  writeData(
    io,
    { url: dash.url, host: dash.host, port: dash.port, read_only: dash.readOnly },
    (d) => `wt dashboard${d.read_only ? ' (read-only)' : ''}: ${d.url}\nCtrl-C to stop.`,
  )
  if (!LOOPBACK.has(dash.host))
    writeNote(io, `listening on ${dash.host}: anyone who can reach it and has the URL can ${dash.readOnly ? 'see' : 'act on'} your workers`)
  if (flags.open && !openInBrowser(dash.url, io.env, io.cwd)) writeNote(io, '--open: no browser opener (xdg-open/open) found; open the URL yourself')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await dash.close()
}
