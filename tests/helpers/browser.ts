import fs from 'node:fs';
import { chromium, type Browser } from 'playwright';
import type { AppContext } from '../../electron/core/app/context.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { startServer, type ServerOptions } from '../../electron/server/http.js';
import { onCleanup } from './temp.js';

/** Debian's chromium first, then a browser Playwright already has; never a download. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => p && fs.existsSync(p));
  if (found) return found;
  try {
    const bundled = chromium.executablePath();
    return fs.existsSync(bundled) ? bundled : undefined;
  } catch {
    return undefined;
  }
}

export const HEADLESS_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: install Debian\'s "chromium" package');
  return chromium.launch({ executablePath, headless: true, args: HEADLESS_FLAGS });
}

/**
 * The served app in a fresh Chromium page on a catalogue, as a browser test
 * starts it: server and browser are closed after the test; `errors` collects
 * the page's uncaught errors (a test ends by expecting none).
 */
export async function openApp(ctx: AppContext, viewport = { width: 1440, height: 900 }, serverOptions: Partial<ServerOptions> = {}) {
  const server = await startServer({ ctx, rendererDir: RENDERER_DIR, ...serverOptions });
  onCleanup(() => server.close());
  const browser = await launchChromium();
  onCleanup(() => browser.close());
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  return { server, browser, page, errors };
}
