import { conflictSteps } from '../landing/conflicts.js'
import { dbOf } from '../workers/context.js'
import { observeWorkers, recordedView } from '../workers/observe.js'
import { eventView } from '../workers/events.js'
import type { WorkerPool } from '../workers/pool.js'
import { listProjects } from '../workers/projects.js'
import { emptyWatchMemory, memoryKey, type WatchMemory } from '../workers/watch-tick.js'
import type { SseHub } from './sse-hub.js'
import { attention, fleetRow, screenTail, type FleetRow, type Snapshot } from './view-models.js'
import { beadsFingerprint, heldBeads, type HeldBead } from './work-data.js'

/** Ended workers the fleet keeps showing. */
const RECENTLY_ENDED = 20
const SCREEN_LINES = 60

export interface TickStats {
  ticks: number
  /** CPU time (user + system) this process spent in the last tick, and on average. */
  last_cpu_ms: number
  mean_cpu_ms: number
  last_wall_ms: number
}

/**
 * The dashboard's one observer: every `interval` seconds it takes the observation `wt watch` takes
 * (observeWorkers, carrying the watch memory from tick to tick) and publishes what changed to every
 * open page at once: the snapshot (fleet + attention), screens, new events, and which projects'
 * beads moved. Pages never cause a capture of their own.
 */
export class LiveObserver {
  private memory: WatchMemory = emptyWatchMemory()
  private lastEventId = 0
  private fingerprints = new Map<string, string>()
  private beadVersions: Record<string, number> = {}
  private held: HeldBead[] = []
  private published = new Map<string, string>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  readonly stats: TickStats = { ticks: 0, last_cpu_ms: 0, mean_cpu_ms: 0, last_wall_ms: 0 }
  screens = new Map<string, string>()
  snapshot: Snapshot | null = null

  constructor(
    private readonly pool: WorkerPool,
    private readonly hub: SseHub,
    private readonly options: { interval: number; readOnly: boolean; onError?: (e: unknown) => void },
  ) {}

  async start(): Promise<void> {
    const last = await dbOf(this.pool.ctx)
      .selectFrom('worker_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst()
    // The timeline page loads history itself; the stream carries what happens from now on.
    this.lastEventId = Number(last?.id ?? 0)
    await this.tick()
    this.schedule()
  }

  /** Observes now (after an action, so its effect shows at once); ticks never overlap. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.observe()
      .catch((e) => this.options.onError?.(e))
      .finally(() => {
        this.running = null
        if (this.again && !this.stopped) {
          this.again = false
          void this.tick()
        }
      })
    return this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /**
   * A fixed cadence: the next tick starts one interval after the last one started, not ended (a
   * change waits at most an interval plus one observation); a tick slower than the interval still
   * leaves a quarter of it idle, so a slow machine is not kept busy.
   */
  private schedule(startedAt = performance.now()): void {
    if (this.stopped) return
    const period = this.options.interval * 1000
    const delay = Math.max(period / 4, period - (performance.now() - startedAt))
    this.timer = setTimeout(() => {
      const start = performance.now()
      void this.tick().finally(() => this.schedule(start))
    }, delay)
  }

  private async observe(): Promise<void> {
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    const ctx = this.pool.ctx
    const seen = await observeWorkers(ctx, { memory: this.memory })
    this.memory = seen.memory
    const ended = await dbOf(ctx)
      .selectFrom('workers')
      .selectAll()
      .where('ended_at', 'is not', null)
      .orderBy('ended_at', 'desc')
      .limit(RECENTLY_ENDED)
      .execute()
    const fleet: FleetRow[] = [...seen.views.map((v, i) => fleetRow(v, seen.rows[i], true)), ...ended.map((w) => fleetRow(recordedView(w), w, false))]

    const screens = new Map<string, string>()
    for (const v of seen.views) {
      const s = this.memory.screens.get(memoryKey(v))
      if (s) screens.set(v.name, screenTail(s.text, SCREEN_LINES).join('\n'))
    }
    this.screens = screens

    await this.checkBeads()
    // As wt watch predicts them: commits only (no worker's files read every tick), cached by commit pair.
    const conflicts = seen.rows.length ? await conflictSteps(ctx, { uncommitted: false, reconciled: true }) : []
    this.snapshot = {
      at: ctx.now().toISOString(),
      interval: this.options.interval,
      read_only: this.options.readOnly,
      fleet,
      attention: attention(fleet, screens, this.held),
      conflicts,
    }
    // Only `at` moves on a quiet tick: pages hear about changes, not about the clock.
    this.publishIfChanged('snapshot', this.snapshot, { ...this.snapshot, at: '' })
    this.publishIfChanged('screens', Object.fromEntries(screens))

    const events = await dbOf(ctx).selectFrom('worker_events').selectAll().where('id', '>', this.lastEventId).orderBy('id').limit(500).execute()
    if (events.length) {
      this.lastEventId = events.at(-1)!.id
      this.hub.publish('events', events.map(eventView))
    }

    const used = process.cpuUsage(cpu)
    const cpuMs = (used.user + used.system) / 1000
    this.stats.ticks++
    this.stats.last_cpu_ms = cpuMs
    this.stats.mean_cpu_ms += (cpuMs - this.stats.mean_cpu_ms) / this.stats.ticks
    this.stats.last_wall_ms = performance.now() - t0
  }

  /** Re-reads held beads and bumps a project's version only when its files moved. */
  private async checkBeads(): Promise<void> {
    let moved = false
    for (const project of await listProjects(this.pool.ctx)) {
      const print = beadsFingerprint(project)
      if (this.fingerprints.get(project.name) === print) continue
      this.fingerprints.set(project.name, print)
      this.beadVersions[project.name] = (this.beadVersions[project.name] ?? 0) + 1
      moved = true
    }
    if (!moved) return
    this.held = await heldBeads(this.pool.ctx)
    this.hub.publish('beads', { ...this.beadVersions })
  }

  private publishIfChanged(type: string, data: unknown, compareBy: unknown = data): void {
    const key = JSON.stringify(compareBy)
    if (this.published.get(type) === key) return
    this.published.set(type, key)
    this.hub.publish(type, data)
  }
}
