import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { createHead, loadHead, predictHead } from '../../../electron/core/models/head.js';
import { getModelArtifacts, importModelFolder, listModels, writeModelFolder } from '../../../electron/core/models/store.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writeConverted } from './converted.js';
import { headArtifacts, manifestFor } from './fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];

/** A folder straight from tensorflowjs_converter: an EMBEDDING_DIM → 4 softmax head, no manifest.json. */
async function convertedHead(): Promise<{ dir: string; model: tf.LayersModel }> {
  const dir = tempDir();
  const model = createHead({ inputDim: EMBEDDING_DIM, classes: 4, seed: 7 });
  await writeConverted(dir, model);
  return { dir, model };
}

describe('importing a head without a Canting manifest', () => {
  it('imports a converter folder given its labels in output order, and predicts as the original', async () => {
    const ctx = await tempContext();
    const { dir, model } = await convertedHead();
    // Display names are matched to label keys, as in manifests.
    const m = await importModelFolder(ctx.db, 'motif', dir, { labels: ['Kawung', 'Mega Mendung', 'Parang', 'Truntum'] });
    expect(m).toMatchObject({ facetKey: 'motif', source: 'imported', active: true, labels: MOTIF });
    expect(m.version).toMatch(/^motif-imported-\d{8}-\d{6}$/);
    expect(m.manifest.training.notes).toBe(`imported from ${path.basename(dir)} without a manifest; training data unknown`);
    expect(m.manifest.metrics).toBeNull();

    const x = new Float32Array(2 * EMBEDDING_DIM).map((_, i) => Math.sin(i));
    const stored = await loadHead(getModelArtifacts(ctx.db, m.id));
    const after = predictHead(stored, x, 2);
    predictHead(model, x, 2).forEach((p, i) => expect(after[i]).toBeCloseTo(p, 6));
    stored.dispose();
    model.dispose();
  });

  it('registry.import passes labels and version through the contract, and activates when asked (one import call)', async () => {
    const ctx = await tempContext();
    const { dir } = await convertedHead();
    const r = await dispatch('registry.import', { facet: 'motif', folder: dir, labels: MOTIF, version: 'lab-head-1', activate: true }, ctx);
    expect(r).toMatchObject({ ok: true, value: { version: 'lab-head-1', labels: MOTIF, active: true } });
    const inactive = await dispatch('registry.import', { facet: 'motif', folder: dir, labels: MOTIF, version: 'lab-head-2' }, ctx);
    expect(inactive).toMatchObject({ ok: true, value: { version: 'lab-head-2', active: false } });
    // The duplicate call is gone.
    expect(await dispatch('models.import', { facet: 'motif', folder: dir, labels: MOTIF }, ctx)).toMatchObject({ ok: false });
    const one = await dispatch('registry.import', { facet: 'motif', folder: dir, labels: ['kawung'] }, ctx);
    expect(one).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('without labels, says the folder has no manifest.json and how to give the label order', async () => {
    const ctx = await tempContext();
    const { dir } = await convertedHead();
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(
      /has no manifest\.json, so the order of its outputs is unknown: give the head's labels in output order, e\.g\. --labels kawung,megamendung,parang,truntum/,
    );
    expect(listModels(ctx.db, 'motif').map((m) => m.source)).toEqual(['bundled', 'bundled']); // nothing added beside the shipped heads (one per pipeline)
  });

  it('refuses a label count that does not match the outputs, and labels not in the facet', async () => {
    const ctx = await tempContext();
    const { dir } = await convertedHead();
    await expect(importModelFolder(ctx.db, 'motif', dir, { labels: ['kawung', 'parang', 'truntum'] })).rejects.toThrow(
      /the network has 4 outputs but there are 3 labels \(kawung, parang, truntum\)/,
    );
    await expect(importModelFolder(ctx.db, 'motif', dir, { labels: ['kawung', 'parang', 'ceplok', 'truntum'] })).rejects.toThrow(
      /label\(s\) "ceplok" are not in the facet/,
    );
    expect(listModels(ctx.db, 'motif').map((m) => m.source)).toEqual(['bundled', 'bundled']); // nothing added beside the shipped heads (one per pipeline)
  });

  it('with a manifest, refuses labels that differ from it and accepts the same ones spelt otherwise', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    writeModelFolder(dir, manifestFor('motif', MOTIF), await headArtifacts(4));
    await expect(importModelFolder(ctx.db, 'motif', dir, { labels: ['parang', 'kawung', 'megamendung', 'truntum'] })).rejects.toThrow(
      /The labels given \(parang, kawung, megamendung, truntum\) differ from those in .*manifest\.json \(kawung, megamendung, parang, truntum, in output order\)/,
    );
    const m = await importModelFolder(ctx.db, 'motif', dir, { labels: ['Kawung', 'Mega Mendung', 'Parang', 'Truntum'], version: 'renamed' });
    expect(m).toMatchObject({ version: 'renamed', labels: MOTIF });
  });

  it('refuses a whole image model: Canting imports heads over the embedding', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [224, 224, 3], filters: 2, kernelSize: 3 }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    });
    await writeConverted(dir, model);
    model.dispose();
    await expect(importModelFolder(ctx.db, 'motif', dir, { labels: MOTIF })).rejects.toThrow(
      /it takes 224×224×3 inputs, i\.e\. images\. Canting imports heads that read its backbone.s 1920-d embedding, not whole image models/,
    );
  });

  it('refuses a Keras file, given or alone in the folder, naming the converter command', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const h5 = path.join(dir, 'head.h5');
    fs.writeFileSync(h5, '\x89HDF\r\n\x1a\n');
    const convert = (file: string, format: string) =>
      new RegExp(`${file.replace(/[.\\/]/g, '\\$&')} is a Keras file; .*tensorflowjs_converter --input_format ${format} ${file.replace(/[.\\/]/g, '\\$&')} <out-folder>`);
    await expect(importModelFolder(ctx.db, 'motif', h5, { labels: MOTIF })).rejects.toThrow(convert(h5, 'keras'));
    await expect(importModelFolder(ctx.db, 'motif', dir, { labels: MOTIF })).rejects.toThrow(convert(h5, 'keras'));
    const v3 = tempDir();
    fs.writeFileSync(path.join(v3, 'head.keras'), 'PK');
    await expect(importModelFolder(ctx.db, 'motif', v3)).rejects.toThrow(convert(path.join(v3, 'head.keras'), 'keras_keras'));
  });
});
