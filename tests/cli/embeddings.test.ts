import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../electron/core/classify/embeddings.js';
import { canting, lastJson } from '../helpers/cli.js';
import { EARLIER_BACKBONE as EARLIER, upgradedCatalogueFile } from '../helpers/embeddings.js';

const CLI_TIMEOUT_MS = 180_000;


describe('canting embeddings prune', () => {
  it('lists an earlier backbone’s embeddings, deletes only those with --yes, and keeps the current ones', async () => {
    const db = await upgradedCatalogueFile();
    const listed = await canting('embeddings', 'prune', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${EARLIER}: 6 vector(s), 0 MB`);
    expect(listed.stdout).toContain('Run again with --yes to delete them');

    const done = await canting('embeddings', 'prune', '--db', db, '--yes', '--vacuum', '--json');
    expect(done.code).toBe(0);
    expect(lastJson(done.stdout)).toEqual({ deleted: true, vacuumed: true, backbones: [{ backbone: EARLIER, vectors: 6, bytes: 6 * 1280 * 4 }], vectors: 6, megabytes: 0 });

    const ctx = await createAppContext(db);
    try {
      expect(countEmbeddings(ctx.db, EARLIER)).toBe(0);
      expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    } finally {
      await closeAppContext(ctx);
    }
    const again = await canting('embeddings', 'prune', '--db', db);
    expect(again.stdout).toBe('No embeddings of an earlier backbone: nothing to prune\n');
    const wrong = await canting('embeddings', 'purge', '--db', db);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown action "purge"; the only one is "prune"');
  }, CLI_TIMEOUT_MS);
});
