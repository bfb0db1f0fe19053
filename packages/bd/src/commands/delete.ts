import { Args, Flags } from '@oclif/core'
import { color } from '@beadwork/core/cli/style'
import type { DeleteResult } from '@beadwork/core/tracker/delete'
import { BdCommand } from '../bd-command.js'

function render(r: DeleteResult): string {
  const lines = [
    r.preview ? color.bold('Would delete:') : color.bold('Deleted:'),
    ...r.deleted.map((d) => `  ${d.id} ${d.status} ${d.title}`),
  ]
  if (r.dependents.length) lines.push(`Dependents (their edges stay, no longer blocking): ${r.dependents.join(', ')}`)
  if (r.now_ready.length) lines.push(`${r.preview ? 'Would become' : 'Now'} ready: ${r.now_ready.join(', ')}`)
  if (r.preview) lines.push('', 'Nothing was changed. Run again with --force to delete.')
  return lines.join('\n')
}

export default class Delete extends BdCommand {
  static override summary = 'Delete beads: each becomes a tombstone (preview unless --force)'
  static override description = 'Without --force, shows what would be deleted and which dependents would become ready, and changes nothing. With --force, each bead becomes a tombstone (status tombstone, deleted_at, deleted_by), kept in issues.jsonl so other clones learn of the deletion and hidden from every view; edges to it stay but no longer block. Child numbers are never reused.'
  static override examples = ['<%= config.bin %> delete bd-a1b2', '<%= config.bin %> delete a1b2 c3d4 --force --json']
  static override strict = false
  static override args = { ids: Args.string({ description: 'Bead ids.', required: true }) }
  static override flags = { force: Flags.boolean({ char: 'f', description: 'Really delete (otherwise preview only).' }) }

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Delete)
    const tracker = await this.tracker(flags)
    const result = await tracker.delete(argv as string[], { force: flags.force })
    this.output(result, (result) => render(result))
  }
}
