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
    port: Flags.string({ description: 'Port to listen on (default 0: any free port).' }),
    host: Flags.string({ description: 'Address to listen on.', default: '127.0.0.1' }),
    open: Flags.boolean({ description: 'Open the URL in the default browser.' }),
    'read-only': Flags.boolean({ description: 'Show, never change: no actions.' }),
    interval: Flags.string({ description: 'Seconds between observations (default: watch.interval).' }),
  }
}
