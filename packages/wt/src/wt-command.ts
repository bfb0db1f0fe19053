import { BaseCommand } from '@beadwork/core/cli/base-command'
import { processIO } from '@beadwork/core/cli/io'
import type { WtBody } from './body.js'

/**
 * Base of every wt command class: the class declares flags and help; run() hands the parsed line
 * to the command's body (src/bodies/<id>.ts), the same body the fast entry runs.
 */
export abstract class WtCommand extends BaseCommand {
  // Restated: oclif's manifest stops climbing the class chain at a class with no own static, and
  // would then miss BaseCommand's --json.
  static override enableJsonFlag = true

  async run(): Promise<void> {
    const { flags, args, argv } = await this.parse(this.constructor as typeof WtCommand)
    const [{ runBody }, body] = await Promise.all([import('./body.js'), import(`./bodies/${this.id!.replaceAll(':', '/')}.js`)])
    process.exitCode = await runBody((body as { default: WtBody }).default, { flags, args, argv: argv as string[] }, processIO(this.json))
  }
}
