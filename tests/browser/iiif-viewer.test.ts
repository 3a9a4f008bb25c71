import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { launchChromium } from '../helpers/browser.js';
import { waitForJob } from '../helpers/jobs.js';
import { onCleanup, tempDir } from '../helpers/temp.js';
import { iiifCatalogue } from '../core/export/iiif-fixture.js';

/**
 * The IIIF export in a real viewer: the export folder served by a plain
 * static file server (as on any web server), Mirador (npm, UMD bundle) in
 * Debian's Chromium opens a manifest, and the photo's tiles are requested,
 * answered and drawn.
 */
const MIRADOR = path.resolve('node_modules/mirador/dist/mirador.min.js');
const SCREENSHOT_DIR = path.resolve('test-results');
const TYPES: Record<string, string> = { '.json': 'application/json', '.jpg': 'image/jpeg', '.js': 'text/javascript', '.html': 'text/html; charset=utf-8' };

function page(manifestId: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0"><div id="viewer" style="position:absolute;inset:0"></div>
<script src="/mirador.min.js"></script>
<script>Mirador.viewer({ id: 'viewer', windows: [{ manifestId: ${JSON.stringify(manifestId)} }], window: { sideBarOpen: false } });</script>
</body></html>`;
}

/** A static server: /iiif/* from the export folder; the viewer page and Mirador's bundle. Records every answer under /iiif/. */
async function serve(root: () => string, viewer: () => string) {
  const answers: { url: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let file: string | null = null;
    if (url === '/viewer.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(viewer());
      return;
    }
    if (url === '/mirador.min.js') file = MIRADOR;
    else if (url.startsWith('/iiif/')) file = path.join(root(), ...url.slice('/iiif/'.length).split('/'));
    const ok = file !== null && !file.split(path.sep).includes('..') && fs.existsSync(file) && fs.statSync(file).isFile();
    if (url.startsWith('/iiif/')) answers.push({ url, status: ok ? 200 : 404 });
    if (!ok) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file!)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' });
    fs.createReadStream(file!).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, answers };
}

describe('IIIF export in Mirador', () => {
  it('the manifest opens and the photo is drawn from the static level-0 tiles', async () => {
    const { ctx, ids } = await iiifCatalogue();
    const out = path.join(tempDir(), 'iiif');
    let manifestId = '';
    const { origin, answers } = await serve(
      () => out,
      () => page(manifestId),
    );
    const started = await dispatch('export.iiif', { out, baseUrl: `${origin}/iiif` }, ctx);
    if (!started.ok) throw new Error(started.error.message);
    expect((await waitForJob(ctx, (started.value as { jobId: string }).jobId)).state).toBe('done');
    manifestId = `${origin}/iiif/manifests/${ids[0]}.json`;

    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const tab = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${origin}/viewer.html`);
    // The window's title is the manifest's label; OpenSeadragon draws on a canvas once tiles arrive.
    await tab.getByText('k1.jpg').first().waitFor({ timeout: 60_000 });
    const canvas = tab.locator('.openseadragon-canvas canvas').first();
    await canvas.waitFor({ timeout: 60_000 });
    await expect.poll(() => answers.filter((a) => /\/images\/\d+\/[^/]+\/[^/]+\/0\/default\.jpg$/.test(a.url)).length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(answers.filter((a) => a.url.includes('/images/')).every((a) => a.status === 200)).toBe(true);
    expect(answers.some((a) => a.url === `/iiif/images/${ids[0]}/info.json` && a.status === 200)).toBe(true);

    // The drawn canvas shows the photo's stripes or dots, not a blank area.
    const shot = path.join(tempDir(), 'mirador.png');
    await expect
      .poll(
        async () => {
          await canvas.screenshot({ path: shot });
          const stats = await sharp(shot).stats();
          return Math.max(...stats.channels.slice(0, 3).map((c) => c.stdev));
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(20);
    // Kept for a person to look at, as the other browser tests do.
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await tab.screenshot({ path: path.join(SCREENSHOT_DIR, 'iiif-mirador.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});
