import type { BdRun } from '../body.js'
import type Delete from '../commands/delete.js'
import { writeData } from '@beadwork/core/cli/io'
import { color } from '@beadwork/core/cli/style'
import type { DeleteResult } from '@beadwork/core/tracker/delete'

function render(r: DeleteResult): string {
  const lines = [r.preview ? color.bold('Would delete:') : color.bold('Deleted:'), ...r.deleted.map((d) => `  ${d.id} ${d.status} ${d.title}`)]
  if (r.dependents.length) lines.push(`Dependents (their edges stay, no longer blocking): ${r.dependents.join(', ')}`)
  if (r.now_ready.length) lines.push(`${r.preview ? 'Would become' : 'Now'} ready: ${r.now_ready.join(', ')}`)
  if (r.preview) lines.push('', 'Nothing was changed. Run again with --force to delete.')
  return lines.join('\n')
}

export default async function deleteBeads({ argv, flags, io, tracker }: BdRun<typeof Delete>): Promise<number | void> {
  const t = await tracker()
  const result = await t.delete(argv, { force: flags.force })
  writeData(io, result, (result) => render(result))
}
