import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { getFacet } from '../../electron/core/catalogue/facets.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../electron/core/classify/backbone-info.js';
import { putEmbeddings } from '../../electron/core/classify/embeddings.js';
import { getActiveModel } from '../../electron/core/models/store.js';
import { loadStates } from '../../electron/core/review/state.js';
import { canting, lastJson } from '../helpers/cli.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { tempDir } from '../helpers/temp.js';
import { gaussianClusters } from '../core/learn/fixtures.js';
import { addImageRows, addModel, predict } from '../core/review/fixture.js';

const CLI_TIMEOUT_MS = 180_000;

/**
 * A catalogue of one import root with box-1/kawung (3 images, one predicted
 * kawung), box-1/parang (2) and box-2/kawung (1), no validator set.
 */
async function archive(): Promise<{ db: string; ids: Record<string, number> }> {
  const db = path.join(tempDir(), 'c.sqlite');
  const ctx = await createAppContext(db);
  try {
    const k1 = addImageRows(ctx.db, ['k1.jpg', 'k2.jpg', 'k3.jpg'], { folder: 'box-1/kawung' });
    const p1 = addImageRows(ctx.db, ['p1.jpg', 'p2.jpg'], { folder: 'box-1/parang' });
    const k4 = addImageRows(ctx.db, ['k4.jpg'], { folder: 'box-2/kawung' });
    predict(ctx.db, k1[0], 'motif', addModel(ctx.db, 'motif', 'motif-v1'), 'kawung', 0.9);
    return { db, ids: { k1: k1[0], k2: k1[1], k3: k1[2], p1: p1[0], p2: p1[1], k4: k4[0] } };
  } finally {
    await closeAppContext(ctx);
  }
}

/** Review state as the app sees it (status, label shown, who decided), per image id. */
async function states(db: string): Promise<Map<number, { status: string; label: string | null; validator: string | null }>> {
  const ctx = await createAppContext(db);
  try {
    const facet = getFacet(ctx.db, 'motif');
    const keyOf = new Map(facet.labels.map((l) => [l.id, l.key]));
    const ids = ctx.db.prepare('SELECT id FROM images').pluck().all() as number[];
    const s = loadStates(ctx.db, facet.id, ids);
    return new Map(ids.map((id) => {
      const st = s.get(id)!;
      return [id, { status: st.status, label: st.labelId === null ? null : keyOf.get(st.labelId)!, validator: st.validator }];
    }));
  } finally {
    await closeAppContext(ctx);
  }
}

describe('canting label / undo', () => {
  it('labels exactly the images under a folder as one decision under the validator’s name, and undoes it', async () => {
    const { db, ids } = await archive();

    const dry = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1/kawung', '--label', 'kawung', '--validator', 'Sari', '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(lastJson(dry.stdout)).toEqual({ dryRun: true, matched: 3, changed: 3, unchanged: 0, skippedDecided: 0, label: 'kawung', validator: 'Sari' });
    expect([...(await states(db)).values()].map((x) => x.status).sort()).toEqual(['predicted', 'unreviewed', 'unreviewed', 'unreviewed', 'unreviewed', 'unreviewed']);

    const r = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1/kawung', '--label', 'kawung', '--validator', 'Sari', '--json');
    expect(r.code).toBe(0);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ matched: 3, changed: 3, unchanged: 0, label: 'kawung', validator: 'Sari' });
    let s = await states(db);
    // The one the model predicted kawung is thereby validated; the others are corrections.
    expect(s.get(ids.k1)).toEqual({ status: 'validated', label: 'kawung', validator: 'Sari' });
    expect(s.get(ids.k2)).toEqual({ status: 'corrected', label: 'kawung', validator: 'Sari' });
    expect(s.get(ids.k3)).toEqual({ status: 'corrected', label: 'kawung', validator: 'Sari' });
    // Other folders, including another box's kawung folder, are untouched.
    for (const id of [ids.p1, ids.p2, ids.k4]) expect(s.get(id)).toEqual({ status: 'unreviewed', label: null, validator: null });

    const undo = await canting('undo', '--db', db, '--batch', out.batchId, '--validator', 'Sari', '--json');
    expect(undo.code).toBe(0);
    expect(lastJson(undo.stdout)).toMatchObject({ changed: 3, skipped: [] });
    s = await states(db);
    expect(s.get(ids.k1)).toMatchObject({ status: 'predicted', label: 'kawung' });
    expect(s.get(ids.k2)).toMatchObject({ status: 'unreviewed', label: null });
  }, CLI_TIMEOUT_MS);

  it('leaves earlier decisions alone with --status, and says what is wrong with bad input', async () => {
    const { db, ids } = await archive();
    expect((await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1/parang', '--label', 'truntum', '--validator', 'Budi')).code).toBe(0);

    // Re-labelling the whole box only where nobody has decided yet.
    const r = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1', '--label', 'parang', '--status', 'unreviewed', '--validator', 'Sari', '--json');
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ matched: 2, changed: 2 });
    const s = await states(db);
    expect(s.get(ids.p1)).toEqual({ status: 'corrected', label: 'truntum', validator: 'Budi' });
    expect(s.get(ids.k2)).toEqual({ status: 'corrected', label: 'parang', validator: 'Sari' });
    expect(s.get(ids.k1)?.status).toBe('predicted');

    // Without --status the same rule holds by default: Budi's and Sari's earlier decisions stay, and the output says so.
    const box = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1', '--label', 'kawung', '--validator', 'Sari');
    expect(box.code).toBe(0);
    expect(box.stdout).toContain('Labelled 1 of 5 image(s) "kawung" as Sari (0 already had it) (4 already decided by a person were left alone; --overwrite-decided relabels them too)');
    expect((await states(db)).get(ids.p2)).toEqual({ status: 'corrected', label: 'truntum', validator: 'Budi' });
    const dryAll = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1/parang', '--label', 'kawung', '--validator', 'Sari', '--overwrite-decided', '--dry-run', '--json');
    expect(lastJson(dryAll.stdout)).toMatchObject({ changed: 2, skippedDecided: 0 });
    expect((await states(db)).get(ids.p2)).toEqual({ status: 'corrected', label: 'truntum', validator: 'Budi' });
    const all = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-1/parang', '--label', 'kawung', '--validator', 'Sari', '--overwrite-decided', '--json');
    expect(lastJson(all.stdout)).toMatchObject({ changed: 2, skippedDecided: 0 });
    expect((await states(db)).get(ids.p2)).toEqual({ status: 'corrected', label: 'kawung', validator: 'Sari' });

    const noValidator = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-2', '--label', 'kawung');
    expect(noValidator.code).toBe(2);
    expect(noValidator.stderr).toContain('Give --validator NAME');
    const noFolder = await canting('label', '--db', db, '--facet', 'motif', '--label', 'kawung', '--validator', 'Sari');
    expect(noFolder.stderr).toContain('Give --folder and/or --root');
    const nothing = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-9', '--label', 'kawung', '--validator', 'Sari');
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('No image of facet "motif" matches folder "box-9"');
    const badLabel = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-2', '--label', 'batik-x', '--validator', 'Sari');
    expect(badLabel.code).toBe(2);
    expect(badLabel.stderr).toMatch(/batik-x/);
    const badStatus = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-2', '--label', 'kawung', '--status', 'done', '--validator', 'Sari');
    expect(badStatus.stderr).toContain('--status must be one of unreviewed, predicted, corrected, validated, rejected, awaiting, disputed, not "done"');
    const dryBadLabel = await canting('label', '--db', db, '--facet', 'motif', '--folder', 'box-2', '--label', 'kawungx', '--validator', 'Sari', '--dry-run');
    expect(dryBadLabel.code).toBe(2);
    expect(dryBadLabel.stderr).toMatch(/kawungx/);
    const badRoot = await canting('label', '--db', db, '--facet', 'motif', '--root', 'abc', '--label', 'kawung', '--validator', 'Sari');
    expect(badRoot.code).toBe(2);
    expect(badRoot.stderr).toContain('--root must be a whole number, not "abc"');
    // None of the refused commands changed anything.
    expect((await states(db)).get(ids.k4)).toEqual({ status: 'unreviewed', label: null, validator: null });
  }, CLI_TIMEOUT_MS);

  it('gives a new facet its first model once every label has 5 examples, and says so', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const root = tempDir('canting-tema-');
    const themes = ['arsitektur', 'budaya', 'fauna', 'flora'];
    const ctx = await createAppContext(db);
    let unsorted: number[];
    try {
      // Per theme 5 photos in its own folder and 2 in "unsorted", with features (clustered stand-ins) as a classified catalogue has.
      const c = gaussianClusters({ k: 4, perCluster: 7, dim: EMBEDDING_DIM, spread: 3, noise: 1, seed: 5 });
      const seen = [0, 0, 0, 0];
      const rels = c.labels.map((k, i) => (seen[k]++ < 5 ? `${themes[k]}/t${i}.jpg` : `unsorted/t${i}.jpg`));
      for (const [i, rel] of rels.entries()) await writeJpeg(path.join(root, rel), 500 + i, 16);
      const ids = await insertImages(ctx.db, root, rels);
      putEmbeddings(ctx.db, BACKBONE_ID, ids.map((imageId, i) => ({ imageId, vector: c.vectors[i] })));
      unsorted = ids.filter((_, i) => rels[i].startsWith('unsorted/'));
    } finally {
      await closeAppContext(ctx);
    }
    for (const theme of themes.slice(0, 3)) {
      const r = await canting('label', '--db', db, '--facet', 'tema', '--folder', theme, '--label', theme, '--validator', 'Sari', '--json');
      expect(r.code).toBe(0);
      expect(lastJson(r.stdout)).toMatchObject({ changed: 5, firstModel: null });
    }
    // The fourth folder makes every theme ready: the command trains, activates and applies the first model before it ends.
    const last = await canting('label', '--db', db, '--facet', 'tema', '--folder', 'flora', '--label', 'flora', '--validator', 'Sari');
    expect(last.code).toBe(0);
    expect(last.stdout).toContain('Every label of "tema" now has enough examples: training its first model');
    expect(last.stdout).toContain('First model tema-v1 is active and has classified the images nobody labelled');
    const after = await createAppContext(db);
    try {
      const model = getActiveModel(after.db, 'tema');
      expect(model?.version).toBe('tema-v1');
      const predicted = after.db.prepare('SELECT image_id FROM predictions WHERE model_id = ?').pluck().all(model!.id) as number[];
      for (const id of unsorted!) expect(predicted).toContain(id);
    } finally {
      await closeAppContext(after);
    }
  }, CLI_TIMEOUT_MS);
});
