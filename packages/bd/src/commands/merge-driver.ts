import { Args } from '@oclif/core'
import { BodyCommand } from '../bd-command.js'

export default class MergeDriver extends BodyCommand {
  static override summary = 'Git merge driver for .beads/issues.jsonl (bd init configures it): merges per bead and per field'
  static override description =
    "Called by git as `bd merge-driver %O %A %B` (base, ours, theirs); writes the merge into the ours file. A claim on one side and a label on the other both survive; labels, dependencies and comments merge as sets; a tombstone beats an earlier edit; when both sides changed one field, the later side wins and the other value is recorded as an event on the bead by the next bd command. Exit 1 leaves git's own conflict (markers) when a side is not a beads file."
  static override examples = ['git config merge.beads.driver "bd merge-driver %O %A %B"']
  static override enableJsonFlag = false
  static override args = {
    base: Args.string({ ignoreStdin: true, required: true, description: 'The common ancestor (%O).' }),
    ours: Args.string({ ignoreStdin: true, required: true, description: 'Our version (%A); the result is written here.' }),
    theirs: Args.string({ ignoreStdin: true, required: true, description: 'Their version (%B).' }),
  }
}
