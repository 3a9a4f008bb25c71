import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import type { ApiErrorShape } from '../../electron/common/errors.js';
import { startServer } from '../../electron/server/http.js';
import { canting } from '../helpers/cli.js';
import { onCleanup, tempDir } from '../helpers/temp.js';
import { addImageRows } from '../core/review/fixture.js';

const CLI_TIMEOUT_MS = 240_000;

/**
 * One rule, one wording: a bad input refused on the command line is refused
 * over HTTP (what the app's window uses) with the same message, and the CLI's
 * exit status follows the error's code (2 for invalid input, else 1). A CLI
 * command that checked an input itself, in its own words, fails this.
 */
describe('the CLI and HTTP refuse the same bad input the same way', () => {
  it('unknown facet, label not in the facet, an id the schema refuses, a missing folder, a too long validator name, a status training data never has', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const setup = await createAppContext(db);
    const ids = addImageRows(setup.db, ['k1.jpg', 'k2.jpg'], { folder: 'box-1/kawung' });
    await closeAppContext(setup);
    const missing = path.join(tempDir(), 'no-such-folder');
    const out = path.join(tempDir(), 'dataset');
    const longName = 'S'.repeat(101);

    const cases: { what: string; argv: string[]; call: string; input: unknown }[] = [
      { what: 'unknown facet', argv: ['classify', '--facet', 'batik-x'], call: 'classify.start', input: { facet: 'batik-x' } },
      {
        what: 'label not in the facet',
        argv: ['label', '--facet', 'motif', '--folder', 'box-1', '--label', 'kawungx', '--validator', 'Sari'],
        call: 'review.decide',
        input: { facet: 'motif', ids, action: 'label', label: 'kawungx', validator: 'Sari' },
      },
      { what: 'id the schema refuses', argv: ['registry', 'compare', '0', '1'], call: 'registry.compare', input: { a: 0, b: 1 } },
      { what: 'folder that does not exist', argv: ['import', missing], call: 'import.start', input: { paths: [missing] } },
      {
        what: 'validator name too long',
        argv: ['label', '--facet', 'motif', '--folder', 'box-1', '--label', 'kawung', '--validator', longName],
        call: 'review.decide',
        input: { facet: 'motif', ids, action: 'label', label: 'kawung', validator: longName },
      },
      {
        what: 'training data of rejected images',
        argv: ['export', 'training', '--facet', 'motif', '--out', out, '--include', 'rejected'],
        call: 'export.training',
        input: { facet: 'motif', out, include: ['rejected'] },
      },
    ];

    // The CLI first: one process per catalogue, so the server opens it after.
    const cli = [];
    for (const c of cases) cli.push(await canting(...c.argv, '--db', db));

    const ctx = await createAppContext(db);
    onCleanup(() => closeAppContext(ctx));
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    for (const [i, c] of cases.entries()) {
      const res = await fetch(`${server.origin}/api/${c.call}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify(c.input),
      });
      const body = (await res.json()) as { ok: boolean; error: ApiErrorShape };
      expect(body.ok, c.what).toBe(false);
      expect(cli[i].stderr, c.what).toBe(`canting: ${body.error.message}\n`);
      expect(cli[i].code, c.what).toBe(body.error.code === 'invalid_input' ? 2 : 1);
    }
    // None of them changed anything.
    expect(ctx.db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
    expect(ctx.db.prepare('SELECT count(*) FROM import_roots').pluck().get()).toBe(1);
  }, CLI_TIMEOUT_MS);
});
