import fs from 'node:fs';
import { chromium, type Browser } from 'playwright';

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
