import { BodyCommand } from '../bd-command.js'

export default class Quickstart extends BodyCommand {
  static override summary = 'A short tutorial: set up, create, find ready work, claim, close, share'
  static override examples = ['<%= config.bin %> quickstart']
  static override enableJsonFlag = false
}
