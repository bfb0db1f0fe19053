import type { ClassifyInput } from '../../packages/core/src/workers/rules/classifier.js'

/** The fixed "now" of the classifier tests. */
export const now = new Date('2026-11-22T05:00:00Z')
export const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000)

/** A Claude worker an hour old, pane alive, showing `text` unchanged for `still` seconds. */
export function input(text: string, still: number, extra: Partial<ClassifyInput> = {}): ClassifyInput {
  return {
    now,
    preset: 'claude',
    createdAt: ago(3600),
    pane: { session: 'toast', panePid: 42, dead: false, deadStatus: null, currentCommand: 'claude', activityAt: ago(still) },
    screen: { text, changedAt: ago(still) },
    ...extra,
  }
}
