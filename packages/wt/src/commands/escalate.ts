import { Args, Flags } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Escalate extends WtCommand {
  static override summary = 'Climb the escalation ladder for a worker: 1 guidance, 2 unblock, 3 reset, 4 defer'
  static override description = [
    '1|guidance  send the message to the worker (safe two-step dispatch).',
    '2|unblock   send the message (if any) and switch you into the worker.',
    '3|reset     kill the worker, note "Resetting: <message>" on the bead, keep its branch as <bead>-attempt-<n>, spawn a fresh worker on the bead from the base branch.',
    '4|defer     kill the worker, set the bead blocked with the note "Waiting for: <message>", release the claim.',
    "Each rung is recorded as an event and raises the worker's escalation level. Rungs 3 and 4 refuse a worktree with uncommitted changes unless --force.",
  ].join('\n')
  static override strict = false
  static override examples = [
    '<%= config.bin %> escalate toast 1 "run the failing test alone first"',
    '<%= config.bin %> escalate toast unblock "the staging password is in 1Password"',
    '<%= config.bin %> escalate toast reset "went down the ORM path; use raw SQL"',
    '<%= config.bin %> escalate bd-a1b2 defer "the API key from ops"',
  ]
  static override args = {
    worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }),
    rung: Args.string({ ignoreStdin: true, description: '1|guidance|2|unblock|3|reset|4|defer', required: true }),
    message: Args.string({ ignoreStdin: true, description: 'The message (the rest of the arguments).' }),
  }
  static override flags = { force: Flags.boolean({ description: 'Rungs 3–4: end the worker even with uncommitted changes (they are lost).' }) }
}
