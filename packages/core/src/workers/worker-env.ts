import { join } from 'node:path'
import type { PoolContext, WorkerRow } from './context.js'
import type { Project } from './projects.js'
import { offsetPorts } from './ports.js'

/** The environment a worker's session (and its hooks) runs with. */
export function workerEnv(
  ctx: PoolContext,
  w: Pick<WorkerRow, 'id' | 'name' | 'bead' | 'project' | 'port_offset'>,
  project: Project,
  ports: readonly number[],
  portEnv: string,
): Record<string, string> {
  const env: Record<string, string> = {
    WT_SESSION: w.name,
    WT_WORKER_ID: String(w.id),
    WT_BEAD: w.bead,
    WT_PROJECT: w.project,
    WT_HOME: ctx.state.home,
    BEADS_DIR: join(project.path, '.beads'),
    BEADS_ACTOR: w.name,
    [portEnv]: String(w.port_offset),
  }
  if (portEnv !== 'PORT_OFFSET') env.PORT_OFFSET = String(w.port_offset)
  offsetPorts(w.port_offset, ports).forEach((port, i) => {
    env[`WT_PORT_${ports[i]}`] = String(port)
  })
  if (ctx.tmux.socket) env.WT_TMUX_SOCKET = ctx.tmux.socket
  return env
}
