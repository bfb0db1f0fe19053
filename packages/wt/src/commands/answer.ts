import { Args } from '@oclif/core'
import { WtCommand } from '../wt-command.js'

export default class Answer extends WtCommand {
  static override summary = "Pick an option of the menu a worker's agent waits on (trust, permission, API key…)"
  static override description =
    'The only wt command that answers a menu: `wt send` refuses while one is up, because Enter picks the highlighted option whatever was typed. Moves the highlight to the option (by its number or its label), checks it is highlighted, presses Enter and checks the menu went away; exit 1 if it did not, or when no menu is showing.'
  static override strict = false
  static override examples = [
    '<%= config.bin %> answer toast 1',
    '<%= config.bin %> answer toast "Yes, I trust this folder"',
    '<%= config.bin %> answer bd-a1b2 no',
  ]
  static override args = {
    worker: Args.string({ ignoreStdin: true, description: 'Worker name or bead id.', required: true }),
    option: Args.string({ ignoreStdin: true, description: 'Option number, or its label (or the start of it).', required: true }),
  }
}
