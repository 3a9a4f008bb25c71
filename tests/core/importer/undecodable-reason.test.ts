import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCutShort } from '../../../electron/core/importer/cut-short.js';
import { startImport } from '../../../electron/core/importer/job.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { photo, writePhoto } from './fixtures/photos.js';

/**
 * A folder where several broken JPEGs decode at the same time as whole photos, in the worker pool
 * as the app runs it: libvips then hands decoder messages to whichever file asks first, which
 * made the same cut-off file read "truncated" in some runs and "damaged … Unknown error" in others.
 */
async function brokenFolder(): Promise<string> {
  const dir = tempDir();
  const whole = await photo(7, 512).jpeg({ quality: 90 }).toBuffer();
  for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(dir, `terpotong-${i}.jpg`), whole.subarray(0, Math.floor((whole.length * (30 + i * 5)) / 100)));
  // a header that does not decode, with the file's end intact
  const header = Buffer.from(whole);
  const dht = header.indexOf(Buffer.from([0xff, 0xc4]));
  header.fill(0xee, dht + 5, dht + 25);
  fs.writeFileSync(path.join(dir, 'rusak.jpg'), header);
  for (let i = 0; i < 6; i++) await writePhoto(path.join(dir, `utuh-${i}.jpg`), 40 + i, 512);
  return dir;
}

describe('import: why a broken photo failed does not depend on timing', () => {
  it('gives the same reason for the same file in every run, through the worker pool', async () => {
    const dir = await brokenFolder();
    const runs: Record<string, string>[] = [];
    for (let run = 0; run < 3; run++) {
      const ctx = await tempContext();
      const summary = await startImport(ctx, [dir], { workers: 2 }).done;
      expect(summary).toMatchObject({ imported: 6, failed: 13 });
      runs.push(Object.fromEntries(summary.errors.map((e) => [path.basename(e.path), `${e.code}: ${e.reason}`])));
    }
    for (const [file, reason] of Object.entries(runs[0])) {
      expect(reason).toMatch(file.startsWith('terpotong') ? /^truncated: the image is truncated/ : /^damaged: the image is damaged/);
      expect(reason).not.toMatch(/unknown error/i);
    }
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });
});

describe('isCutShort', () => {
  it('tells a file cut off before its end from a whole one, in each format whose end can be checked', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const whole = await photo(3, 96).toFormat(format).toBuffer();
      expect([format, isCutShort(whole)]).toEqual([format, false]);
      for (const keep of [0.1, 0.5, 0.95]) expect([format, keep, isCutShort(whole.subarray(0, Math.floor(whole.length * keep)))]).toEqual([format, keep, true]);
    }
  });
});
