import type { Alert } from './transitions.js'

/** `watch.notify`: bell (default), desktop (a notification when a notifier exists, else the bell), none. */
export type NotifyMode = 'bell' | 'desktop' | 'none'
export const notifyModes: readonly NotifyMode[] = ['bell', 'desktop', 'none']

/** A notifier program and its argv; run with execFile, never through a shell. */
export interface NotifierCall {
  command: string
  args: string[]
}

export interface NotifyPlan {
  bell: boolean
  desktop: NotifierCall | null
}

/** Which desktop notifiers are on PATH (the caller looks them up once). */
export interface Notifiers {
  notifySend?: boolean
  osascript?: boolean
}

const title = (alert: Alert) => `wt: ${alert.name} ${alert.to}`
const body = (alert: Alert) => alert.message?.replace(/\s+/g, ' ').trim() || `${alert.from ?? 'new'} -> ${alert.to}`

/** AppleScript string literal: backslashes and quotes escaped, so user text stays text. */
const appleString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** How to announce one alert. Desktop falls back to the bell when no notifier exists. */
export function notifyPlan(alert: Alert, mode: NotifyMode, notifiers: Notifiers): NotifyPlan {
  if (mode === 'none') return { bell: false, desktop: null }
  if (mode === 'desktop') {
    if (notifiers.notifySend) return { bell: false, desktop: { command: 'notify-send', args: ['--app-name=wt', '--', title(alert), body(alert)] } }
    if (notifiers.osascript) {
      const script = `display notification ${appleString(body(alert))} with title ${appleString(title(alert))}`
      return { bell: false, desktop: { command: 'osascript', args: ['-e', script] } }
    }
  }
  return { bell: true, desktop: null }
}
