import { Args } from '@oclif/core'
import { BaseCommand } from '@beadwork/core/cli/base-command'

export default class MergeDriver extends BaseCommand {
  static override summary = 'Git merge driver for .beads/issues.jsonl (bd init configures it): merges per bead and per field'
  static override description =
    'Called by git as `bd merge-driver %O %A %B` (base, ours, theirs); writes the merge into the ours file. A claim on one side and a label on the other both survive; labels, dependencies and comments merge as sets; a tombstone beats an earlier edit; when both sides changed one field, the later side wins and the other value is recorded as an event on the bead by the next bd command. Exit 1 leaves git\'s own conflict (markers) when a side is not a beads file.'
  static override examples = ['git config merge.beads.driver "bd merge-driver %O %A %B"']
  static override enableJsonFlag = false
  static override args = {
    base: Args.string({ required: true, description: 'The common ancestor (%O).' }),
    ours: Args.string({ required: true, description: 'Our version (%A); the result is written here.' }),
    theirs: Args.string({ required: true, description: 'Their version (%B).' }),
  }

  async run(): Promise<void> {
    const { args } = await this.parse(MergeDriver)
    const { mergeFiles } = await import('@beadwork/core/tracker/jsonl/merge-files')
    const outcome = await mergeFiles(args.base, args.ours, args.theirs, process.cwd())
    if (outcome.conflict) {
      process.stderr.write(`bd merge-driver: ${outcome.conflict}; left git's conflict markers in .beads/issues.jsonl\n`)
      process.exitCode = 1
    }
  }
}
