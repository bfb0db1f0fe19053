import { Flags } from '@oclif/core'
import { BaseCommand } from '@beadwork/core/cli/base-command'
import { processIO } from '@beadwork/core/cli/io'
import type { BdBody } from './body.js'

/**
 * Base of every bd command class: the class declares flags and help; run() hands the parsed line
 * to the command's body (src/bodies/<id>.ts), the same body the fast entry runs.
 */
export abstract class BodyCommand extends BaseCommand {
  // Restated: oclif's manifest stops climbing the class chain at a class with no own static, and
  // would then miss BaseCommand's --json.
  static override enableJsonFlag = true

  async run(): Promise<void> {
    const { flags, args, argv } = await this.parse(this.constructor as typeof BodyCommand)
    const [{ runBody }, body] = await Promise.all([import('./body.js'), import(`./bodies/${this.id!.replaceAll(':', '/')}.js`)])
    process.exitCode = await runBody((body as { default: BdBody }).default, { flags, args, argv: argv as string[] }, processIO(this.json))
  }
}

/** A command on a workspace: where its database is and who is acting. */
export abstract class BdCommand extends BodyCommand {
  static override baseFlags = {
    db: Flags.string({ description: 'Database file (overrides BEADS_DB, BEADS_DIR and the .beads/ walk-up).', helpGroup: 'GLOBAL' }),
    actor: Flags.string({
      description: 'Who is acting, for the audit trail and claims (default: BEADS_ACTOR, BD_ACTOR, git user.name, $USER).',
      helpGroup: 'GLOBAL',
    }),
  }
}
