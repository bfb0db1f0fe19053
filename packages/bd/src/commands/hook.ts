import { Args } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Hook extends BdCommand {
  static override summary = 'Run by the git hooks bd init installs: pre-commit writes and stages .beads/issues.jsonl; post-merge and post-checkout import it'
  static override description =
    'In a large workspace (a JSONL over 8 MB, BEADS_DEFER_EXPORT_BYTES) writes mark the JSONL dirty instead of rewriting it; the pre-commit hook writes it and adds it to the commit, so the committed file is never stale. post-merge and post-checkout import what git brought (any bd command would too).'
  static override examples = ['<%= config.bin %> hook pre-commit']
  static override strict = false
  static override enableJsonFlag = false
  static override args = {
    name: Args.string({ ignoreStdin: true, required: true, options: ['pre-commit', 'post-merge', 'post-checkout'], description: 'Which git hook is running.' }),
  }
}
