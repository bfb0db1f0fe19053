import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { root } from './wt.js'

/** Debian's chromium (or CHROMIUM_PATH): playwright-core drives it; it never downloads a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Screenshots and other browser-test output (gitignored). */
export const browserOut = join(root, 'test', 'out', 'dashboard')

/**
 * Headless Chromium kept on loopback: no background traffic of its own (updates, sync, safe
 * browsing), and any host other than 127.0.0.1 resolves nowhere.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`no chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  mkdirSync(browserOut, { recursive: true })
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--no-proxy-server',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  })
}
