import { Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Dashboard extends WtCommand {
  static override summary = 'Serve the live dashboard (attention, fleet, work graph, ready, events) in a browser'
  static override description = [
    'Serves a local web app and prints its URL. It observes workers as wt watch does (one observation every watch.interval for every open page) and streams changes over Server-Sent Events.',
    'Loopback only unless --host says otherwise. Every URL carries a token made for this run; requests naming a foreign Host or Origin are refused; actions (send, escalate, kill, spawn, seance) need the token and a POST, and --read-only turns them off. Ctrl-C stops it.',
  ].join('\n')
  static override examples = ['<%= config.bin %> dashboard --open', '<%= config.bin %> dashboard --port 7420 --read-only', '<%= config.bin %> dashboard --json']
  static override flags = {
    port: Flags.integer({ description: 'Port to listen on (0: any free port).', default: 0, min: 0, max: 65535 }),
    host: Flags.string({ description: 'Address to listen on.', default: '127.0.0.1' }),
    open: Flags.boolean({ description: 'Open the URL in the default browser.' }),
    'read-only': Flags.boolean({ description: 'Show, never change: no actions.' }),
    interval: Flags.string({ description: 'Seconds between observations (default: watch.interval).' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard)
    const pool = await this.pool()
    const [{ startDashboard }, { openInBrowser }] = await Promise.all([import('@beadwork/core/dashboard/server'), import('@beadwork/core/dashboard/open-browser')])
    const dash = await startDashboard(pool, {
      host: flags.host,
      port: flags.port,
      readOnly: flags['read-only'],
      interval: pool.watchInterval(flags.interval),
      onError: (e) => this.note(`dashboard: ${e instanceof Error ? e.message : String(e)}`),
    })
    this.output({ url: dash.url, host: dash.host, port: dash.port, read_only: dash.readOnly }, (d) => `wt dashboard${d.read_only ? ' (read-only)' : ''}: ${d.url}\nCtrl-C to stop.`)
    if (!['127.0.0.1', 'localhost', '::1'].includes(dash.host)) this.note(`listening on ${dash.host}: anyone who can reach it and has the URL can ${dash.readOnly ? 'see' : 'act on'} your workers`)
    if (flags.open && !openInBrowser(dash.url, process.env, process.cwd())) this.note('--open: no browser opener (xdg-open/open) found; open the URL yourself')
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await dash.close()
  }
}
