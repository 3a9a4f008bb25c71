import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { canting, lastJson } from '../helpers/cli.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { tempDir } from '../helpers/temp.js';

const CLI_TIMEOUT_MS = 180_000;

describe('canting features', () => {
  it(
    'computes the features a fresh catalogue lacks, so suggest can propose images; says what it could not read',
    async () => {
      const root = tempDir('canting-cli-features-');
      for (let i = 0; i < 5; i++) await writeJpeg(path.join(root, `p${i}.jpg`), i + 1, 64);
      const db = path.join(tempDir(), 'c.sqlite');
      const ctx = await createAppContext(db);
      await insertImages(ctx.db, root, ['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg']);
      await closeAppContext(ctx);
      // Damaged after import.
      fs.writeFileSync(path.join(root, 'p4.jpg'), Buffer.from('not a jpeg'));

      // Before: nothing can be suggested, and the reason is said rather than an empty list left to speak for itself.
      const before = await canting('suggest', '--db', db, '--facet', 'tema', '--limit', '3');
      expect(before.code).toBe(0);
      expect(lastJson(before.stdout).items).toEqual([]);
      expect(before.stderr).toContain('5 image(s) have no features yet');
      expect(before.stderr).toContain('canting features');

      const run = await canting('features', '--db', db, '--json');
      expect(run.code).toBe(0);
      const result = lastJson(run.stdout);
      expect(result).toMatchObject({ total: 5, computed: 4, failed: 1 });
      expect(result.errors).toEqual([{ imageId: expect.any(Number), path: path.join(root, 'p4.jpg'), message: expect.any(String) }]);

      const after = await canting('suggest', '--db', db, '--facet', 'tema', '--limit', '3');
      expect(lastJson(after.stdout).items).toHaveLength(3);
      expect(after.stderr).toContain('1 image(s) have no features yet');

      // A second run does only what is left, and says so in words without --json.
      const again = await canting('features', '--db', db);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Computed the features of 0 of 1 image(s); 1 could not be read');
      expect(again.stdout).toContain(`failed: ${path.join(root, 'p4.jpg')}`);
    },
    CLI_TIMEOUT_MS,
  );

  it('says the catalogue is empty rather than that every image has its features', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    await closeAppContext(await createAppContext(db));
    const r = await canting('features', '--db', db);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The catalogue is empty: import images first');
  });
});
