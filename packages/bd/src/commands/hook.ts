import { Args } from '@oclif/core'
import { BdCommand } from '../bd-command.js'

export default class Hook extends BdCommand {
  static override summary = 'Run by the git hooks bd init installs: pre-commit writes and stages .beads/issues.jsonl; post-merge and post-checkout import it'
  static override description =
    'In a large workspace (a JSONL over 8 MB, BEADS_DEFER_EXPORT_BYTES) writes mark the JSONL dirty instead of rewriting it; the pre-commit hook writes it and adds it to the commit, so the committed file is never stale. post-merge and post-checkout import what git brought (any bd command would too).'
  static override examples = ['<%= config.bin %> hook pre-commit']
  static override strict = false
  static override enableJsonFlag = false
  static override args = { name: Args.string({ required: true, options: ['pre-commit', 'post-merge', 'post-checkout'], description: 'Which git hook is running.' }) }

  async run(): Promise<void> {
    const { args } = await this.parse(Hook)
    // git runs hooks at the worktree's root. A worktree without a database (a fresh `git worktree
    // add`, a worker's checkout) has nothing to flush: never create one from a hook.
    const { existsSync } = await import('node:fs')
    if (!existsSync('.beads/beads.db')) return
    const tracker = await this.tracker({})
    const jsonl = this.handle?.jsonlPath
    if (args.name !== 'pre-commit' || !jsonl) return
    if (!(await tracker.flushJsonl(jsonl))) return
    const { stage } = await import('@beadwork/core/adapters/git/repo')
    await stage(process.cwd(), jsonl)
  }
}
