import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerBundledModels } from '../../../electron/core/models/bundled.js';
import {
  activateModel,
  getActiveModel,
  getModelArtifacts,
  importModelFolder,
  insertModel,
  listModels,
  writeModelFolder,
} from '../../../electron/core/models/store.js';
import { MODELS_DIR } from '../../../electron/core/app/paths.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { headArtifacts, manifestFor } from './fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];

describe('model store and import', () => {
  it('imports a TF.js folder for a facet, makes it active, and keeps the bytes', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const artifacts = await headArtifacts(4);
    // Display names are accepted and stored as label keys.
    writeModelFolder(dir, manifestFor('motif', ['Kawung', 'Mega Mendung', 'Parang', 'Truntum']), artifacts);
    const m = await importModelFolder(ctx.db, 'motif', dir);
    expect(m).toMatchObject({ facetKey: 'motif', version: 'test-v1', source: 'imported', active: true, labels: MOTIF });
    expect(getModelArtifacts(ctx.db, m.id).weights.equals(artifacts.weights)).toBe(true);
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(/already has a model version "test-v1"/);
  });

  it('refuses a bad manifest with the field that is wrong', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    writeModelFolder(dir, manifestFor('motif', MOTIF), await headArtifacts(4));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    delete manifest.labels;
    manifest.preprocessing.scale = '-1..1';
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(/invalid model manifest — labels: .*; preprocessing\.scale/);
    fs.rmSync(path.join(dir, 'manifest.json'));
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(/has no manifest\.json/);
    expect(listModels(ctx.db, 'motif')).toEqual([]);
  });

  it('refuses wrong shapes: input width, output count, truncated weights', async () => {
    const ctx = await tempContext();
    const narrow = tempDir();
    writeModelFolder(narrow, manifestFor('motif', MOTIF), await headArtifacts(4, 64));
    await expect(importModelFolder(ctx.db, 'motif', narrow)).rejects.toThrow(/takes inputs of width 64; the backbone gives 1280/);
    const three = tempDir();
    writeModelFolder(three, manifestFor('motif', MOTIF), await headArtifacts(3));
    await expect(importModelFolder(ctx.db, 'motif', three)).rejects.toThrow(/has 3 outputs but there are 4 labels/);
    const cut = tempDir();
    const a = await headArtifacts(4);
    writeModelFolder(cut, manifestFor('motif', MOTIF), { ...a, weights: a.weights.subarray(0, 100) });
    await expect(importModelFolder(ctx.db, 'motif', cut)).rejects.toThrow(/weights file has 100 bytes/);
    expect(listModels(ctx.db)).toEqual(listModels(ctx.db).filter((m) => m.source === 'bundled'));
  });

  it('refuses a label list that does not fit the facet, another facet, or another backbone', async () => {
    const ctx = await tempContext();
    const a = await headArtifacts(4);
    const wrongLabels = tempDir();
    writeModelFolder(wrongLabels, manifestFor('motif', ['kawung', 'parang', 'ceplok', 'truntum']), a);
    await expect(importModelFolder(ctx.db, 'motif', wrongLabels)).rejects.toThrow(/label\(s\) "ceplok" are not in the facet/);
    const otherFacet = tempDir();
    writeModelFolder(otherFacet, manifestFor('tema', ['arsitektur', 'budaya', 'fauna', 'flora']), a);
    await expect(importModelFolder(ctx.db, 'motif', otherFacet)).rejects.toThrow(/its manifest says it is for facet "tema"/);
    const otherBackbone = tempDir();
    writeModelFolder(otherBackbone, manifestFor('motif', MOTIF, { backbone: 'efficientnet-b0' }), a);
    await expect(importModelFolder(ctx.db, 'motif', otherBackbone)).rejects.toThrow(/backbone "efficientnet-b0"/);
  });

  it('keeps exactly one active model per facet', async () => {
    const ctx = await tempContext();
    const one = await insertModel(ctx.db, { manifest: manifestFor('tema', ['arsitektur', 'budaya', 'fauna', 'flora']), artifacts: await headArtifacts(4), source: 'trained', activate: true });
    const two = await insertModel(ctx.db, {
      manifest: manifestFor('tema', ['arsitektur', 'budaya', 'fauna', 'flora'], { version: 'test-v2' }),
      artifacts: await headArtifacts(4, undefined, 4),
      source: 'trained',
      activate: true,
    });
    expect(getActiveModel(ctx.db, 'tema')?.id).toBe(two.id);
    activateModel(ctx.db, one.id);
    expect(getActiveModel(ctx.db, 'tema')?.id).toBe(one.id);
    expect(listModels(ctx.db, 'tema').filter((m) => m.active)).toHaveLength(1);
  });

  it('registers the shipped motif model once, active, and nothing for tema', async () => {
    const ctx = await tempContext();
    const added = await registerBundledModels(ctx.db, MODELS_DIR);
    expect(added.map((m) => [m.facetKey, m.source, m.active])).toEqual([['motif', 'bundled', true]]);
    expect(added[0].manifest.metrics?.accuracy).toBeGreaterThan(0.25);
    expect(await registerBundledModels(ctx.db, MODELS_DIR)).toEqual([]);
    expect(getActiveModel(ctx.db, 'tema')).toBeNull();
  });
});
