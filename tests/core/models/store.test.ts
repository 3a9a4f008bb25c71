import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID, TOP_BYTES } from '../../../electron/core/classify/backbone-info.js';
import { topBackboneId } from '../../../electron/core/classify/top-block.js';
import { exportVersion } from '../../../electron/core/learn/version-folders.js';
import { parseManifest, type ModelManifest } from '../../../electron/core/models/manifest.js';
import {
  activateModel,
  getActiveModel,
  getModelArtifacts,
  importModelFolder,
  insertModel,
  listModels,
  readModelFolder,
  writeModelFolder,
} from '../../../electron/core/models/store.js';
import { MODELS_DIR } from '../../../electron/core/app/paths.js';
import { activeModelFor } from '../../../electron/core/classify/job.js';
import { reopenContext, tempContext, tempDir } from '../../helpers/temp.js';
import { fineTunedManifest, headArtifacts, manifestFor, randomTopBytes, TOP_DECLARATION } from './fixtures.js';
import { api } from '../review/fixture.js';

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
    const shipped = listModels(ctx.db, 'motif');
    const dir = tempDir();
    writeModelFolder(dir, manifestFor('motif', MOTIF), await headArtifacts(4));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    delete manifest.labels;
    manifest.preprocessing.scale = '-1..1';
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(/invalid model manifest — labels: .*; preprocessing\.scale/);
    fs.rmSync(path.join(dir, 'manifest.json'));
    await expect(importModelFolder(ctx.db, 'motif', dir)).rejects.toThrow(/has no manifest\.json/);
    expect(listModels(ctx.db, 'motif')).toEqual(shipped);
  });

  it('refuses wrong shapes: input width, output count, truncated weights', async () => {
    const ctx = await tempContext();
    const narrow = tempDir();
    writeModelFolder(narrow, manifestFor('motif', MOTIF), await headArtifacts(4, 64));
    await expect(importModelFolder(ctx.db, 'motif', narrow)).rejects.toThrow(/takes inputs of width 64; the backbone gives 1920/);
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

  it('registers the shipped motif models (one per pipeline) when a catalogue is opened, once, the one for its pipeline active, and nothing for tema', async () => {
    const ctx = await tempContext();
    // the suite's catalogues use MobileNetV2 (vitest.config.ts); InceptionV3 mid-level's head is registered for a switch
    expect(ctx.bundledModels).toEqual({ added: ['motif-irina4-v3', 'motif-irina4-inceptionv3-mid-level-v1'], problem: null });
    const shipped = listModels(ctx.db, 'motif');
    expect(shipped.map((m) => [m.version, m.source, m.active]).sort()).toEqual([
      ['motif-irina4-inceptionv3-mid-level-v1', 'bundled', false],
      ['motif-irina4-v3', 'bundled', true],
    ]);
    for (const m of shipped) expect(m.manifest.metrics?.accuracy).toBeGreaterThan(0.25);
    expect(getActiveModel(ctx.db, 'tema')).toBeNull();
    const again = await reopenContext(ctx);
    expect(again.bundledModels).toEqual({ added: [], problem: null });
    expect(listModels(again.db, 'motif')).toHaveLength(2);
  });

  it('says once, on the context, that the shipped models are missing; classifying then asks for a model', async () => {
    const ctx = await tempContext({ modelsDir: tempDir() });
    expect(ctx.bundledModels.problem).toMatchObject({ messageKey: 'missing', message: expect.stringMatching(/shipped with Canting are missing/) });
    expect((await api(ctx, 'models.bundled', {})).problem?.messageKey).toBe('missing');
    expect(listModels(ctx.db, 'motif')).toEqual([]);
    expect(() => activeModelFor(ctx.db, 'motif')).toThrow(/no model for motif yet/);
  });

  it('says which shipped model is damaged and why, without the installation’s paths, and registers nothing of it', async () => {
    const modelsDir = tempDir();
    fs.cpSync(path.join(MODELS_DIR, 'motif'), path.join(modelsDir, 'motif'), { recursive: true });
    fs.rmSync(path.join(modelsDir, 'motif', 'weights.bin'));
    // a sound head beside it is still registered
    writeModelFolder(path.join(modelsDir, 'tema'), manifestFor('tema', ['arsitektur', 'budaya', 'fauna', 'flora'], { version: 'tema-shipped' }), await headArtifacts(4));
    const ctx = await tempContext({ modelsDir });
    expect(ctx.bundledModels.added).toEqual(['tema-shipped']);
    expect(getActiveModel(ctx.db, 'tema')?.version).toBe('tema-shipped');
    expect(ctx.bundledModels.problem).toMatchObject({ messageKey: 'damaged', params: { name: 'motif', reason: expect.stringMatching(/no weights file weights\.bin/) } });
    expect(JSON.stringify(ctx.bundledModels.problem)).not.toContain(modelsDir);
    expect(listModels(ctx.db, 'motif')).toEqual([]);
    // a damaged manifest is named too
    fs.writeFileSync(path.join(modelsDir, 'motif', 'manifest.json'), '{ not json');
    const again = await reopenContext(ctx, { modelsDir });
    expect(again.bundledModels.problem?.params.reason).toMatch(/manifest\.json is not valid JSON/);
  });

  it.each([
    ['neither list (releases before both)', ['imageSha256', 'validationImageSha256']],
    ['the training list only (the release before the validation list)', ['validationImageSha256']],
  ] as const)('gives a catalogue that registered the shipped head with %s the missing image hashes, changing nothing else', async (_, missing) => {
    const shipped = readModelFolder(path.join(MODELS_DIR, 'motif')).manifest;
    expect(shipped.training.imageSha256?.length).toBe(shipped.training.images);
    expect(shipped.training.validationImageSha256?.length).toBeGreaterThan(0);
    let ctx = await tempContext();
    const v3 = <T extends { version: string }>(list: T[]) => list.find((m) => m.version === shipped.version)!;
    const bundled = v3(listModels(ctx.db, 'motif'));
    // As an earlier release stored it: the same head, a manifest without those lists.
    for (const k of missing) {
      ctx.db.prepare(`UPDATE models SET manifest = json_remove(manifest, '$.training.${k}'), training = json_remove(training, '$.${k}') WHERE id = ?`).run(bundled.id);
    }
    const before = v3(listModels(ctx.db, 'motif'));
    for (const k of missing) expect(before.manifest.training[k]).toBeUndefined();

    ctx = await reopenContext(ctx);
    expect(ctx.bundledModels).toEqual({ added: [], problem: null });
    const after = listModels(ctx.db, 'motif');
    expect(after).toHaveLength(2);
    const restored = Object.fromEntries(missing.map((k) => [k, shipped.training[k]]));
    expect(v3(after)).toEqual({ ...before, manifest: { ...before.manifest, training: { ...before.manifest.training, ...restored } } });
    const storedTraining = JSON.parse(ctx.db.prepare('SELECT training FROM models WHERE id = ?').pluck().get(bundled.id) as string) as Record<string, unknown>;
    expect(storedTraining.imageSha256).toEqual(shipped.training.imageSha256);
    expect(storedTraining.validationImageSha256).toEqual(shipped.training.validationImageSha256);
    expect(parseManifest(v3(after).manifest).version).toBe(shipped.version);
    expect(activeModelFor(ctx.db, 'motif').id).toBe(bundled.id);
  });

  it('leaves alone a same-named version whose weights are not the shipped ones', async () => {
    const ctx = await tempContext();
    const v3 = <T extends { version: string }>(list: T[]) => list.find((m) => m.version === 'motif-irina4-v3')!;
    const bundled = v3(listModels(ctx.db, 'motif'));
    const other = await headArtifacts(4, undefined, 9);
    ctx.db.prepare("UPDATE models SET weights = ?, manifest = json_remove(manifest, '$.training.imageSha256', '$.training.validationImageSha256') WHERE id = ?").run(other.weights, bundled.id);
    const again = await reopenContext(ctx);
    expect(again.bundledModels).toEqual({ added: [], problem: null });
    expect(v3(listModels(again.db, 'motif')).manifest.training.imageSha256).toBeUndefined();
    expect(v3(listModels(again.db, 'motif')).manifest.training.validationImageSha256).toBeUndefined();
  });
});

describe('fine-tuned versions (head plus backbone top block)', () => {
  it('stores the top block with the head, exports it as backbone-top.bin and imports it back byte for byte', async () => {
    const ctx = await tempContext();
    const top = randomTopBytes(11);
    expect(top.byteLength).toBe(TOP_BYTES);
    const head = await headArtifacts(4);
    const manifest = fineTunedManifest(top);
    const m = await insertModel(ctx.db, { manifest, artifacts: { ...head, backboneTop: top }, source: 'trained' });
    expect(m.backbone).toBe(topBackboneId(top));
    expect(m.manifest.backboneTop).toEqual(TOP_DECLARATION);
    const stored = getModelArtifacts(ctx.db, m.id);
    expect(stored.backboneTop?.equals(top)).toBe(true);
    expect(stored.weights.equals(head.weights)).toBe(true);

    const dir = tempDir();
    expect(writeModelFolder(dir, m.manifest, stored)).toEqual(['model.json', 'weights.bin', 'manifest.json', 'backbone-top.bin']);
    expect(fs.readFileSync(path.join(dir, 'backbone-top.bin')).equals(top)).toBe(true);
    const other = await tempContext();
    const back = await importModelFolder(other.db, 'motif', dir);
    expect(back).toMatchObject({ version: 'tuned-v1', backbone: topBackboneId(top), source: 'imported', active: true });
    expect(getModelArtifacts(other.db, back.id).backboneTop?.equals(top)).toBe(true);

    // the registry's export lists the extra file
    const exported = tempDir();
    expect(exportVersion(ctx.db, m.id, exported).files).toEqual(['model.json', 'weights.bin', 'manifest.json', 'backbone-top.bin']);
    expect(fs.readFileSync(path.join(exported, 'backbone-top.bin')).equals(top)).toBe(true);
  });

  it('keeps frozen-backbone versions as they were: no top block stored, read or written', async () => {
    const ctx = await tempContext();
    const m = await insertModel(ctx.db, { manifest: manifestFor('motif', MOTIF), artifacts: await headArtifacts(4), source: 'trained' });
    expect(m.backbone).toBe(BACKBONE_ID);
    expect('backboneTop' in getModelArtifacts(ctx.db, m.id)).toBe(false);
    expect(ctx.db.prepare('SELECT backbone_top FROM models WHERE id = ?').pluck().get(m.id)).toBeNull();
    const dir = tempDir();
    expect(exportVersion(ctx.db, m.id, dir).files).toEqual(['model.json', 'weights.bin', 'manifest.json']);
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
    expect('backboneTop' in readModelFolder(dir).artifacts).toBe(false);
  });

  it('refuses a top block that does not match the manifest, is missing, unwanted or malformed', async () => {
    const ctx = await tempContext();
    const head = await headArtifacts(4);
    const top = randomTopBytes(11);
    const prefix = /^Model "tuned-v1" refused for facet "motif": /;
    const folder = (manifest: ModelManifest, backboneTop?: Buffer) => {
      const dir = tempDir();
      writeModelFolder(dir, manifest, backboneTop ? { ...head, backboneTop } : head);
      return dir;
    };

    // one flipped bit: the hash no longer matches the backbone id
    const flipped = Buffer.from(top);
    flipped[1000] ^= 1;
    const changed = folder(fineTunedManifest(top), flipped);
    await expect(importModelFolder(ctx.db, 'motif', changed)).rejects.toThrow(prefix);
    await expect(importModelFolder(ctx.db, 'motif', changed)).rejects.toThrow(
      `backbone-top.bin does not match the manifest's backbone "${topBackboneId(top)}" (changed or damaged)`,
    );

    // the manifest names the file, the folder lacks it
    const missing = folder(fineTunedManifest(top), top);
    fs.rmSync(path.join(missing, 'backbone-top.bin'));
    await expect(importModelFolder(ctx.db, 'motif', missing)).rejects.toThrow(
      `Model folder ${missing} has no backbone-top.bin (its fine-tuned backbone top block, named in manifest.json)`,
    );
    // a fine-tuned backbone id without any top bytes
    await expect(insertModel(ctx.db, { manifest: fineTunedManifest(top, { backboneTop: undefined }), artifacts: head, source: 'trained' })).rejects.toThrow(
      `its manifest names the fine-tuned backbone "${topBackboneId(top)}", but its fine-tuned backbone top block (backbone-top.bin) is missing`,
    );

    // top bytes next to a frozen-backbone manifest (backbone-top.bin found in the folder)
    const frozen = folder(manifestFor('motif', MOTIF, { version: 'tuned-v1' }));
    fs.writeFileSync(path.join(frozen, 'backbone-top.bin'), top);
    await expect(importModelFolder(ctx.db, 'motif', frozen)).rejects.toThrow(
      `it comes with a fine-tuned backbone top block (backbone-top.bin), but its manifest says it reads the frozen backbone "${BACKBONE_ID}"`,
    );

    // wrong size, even with a backbone id computed from those very bytes
    const short = top.subarray(0, 1000);
    await expect(importModelFolder(ctx.db, 'motif', folder(fineTunedManifest(short), short))).rejects.toThrow(
      `the backbone top block has 1000 bytes; expected ${TOP_BYTES}`,
    );
    // non-finite weights
    const nan = Buffer.from(top);
    nan.writeFloatLE(Number.NaN, 400);
    await expect(insertModel(ctx.db, { manifest: fineTunedManifest(nan), artifacts: { ...head, backboneTop: nan }, source: 'trained' })).rejects.toThrow(
      /non-finite weights \(NaN or infinity\)/,
    );

    // a foreign backbone keeps its message, top block or not
    await expect(
      insertModel(ctx.db, { manifest: fineTunedManifest(top, { backbone: 'efficientnet-b0' }), artifacts: { ...head, backboneTop: top }, source: 'trained' }),
    ).rejects.toThrow(`it was trained on features of backbone "efficientnet-b0", but this app extracts "${BACKBONE_ID}"`);

    // a declared file outside the folder, or over one of the head's files
    for (const file of ['../backbone-top.bin', 'weights.bin']) {
      const escape = folder(manifestFor('motif', MOTIF, { version: 'tuned-v1' }));
      const manifest = JSON.parse(fs.readFileSync(path.join(escape, 'manifest.json'), 'utf8'));
      manifest.backboneTop = { ...TOP_DECLARATION, file };
      fs.writeFileSync(path.join(escape, 'manifest.json'), JSON.stringify(manifest));
      await expect(importModelFolder(ctx.db, 'motif', escape)).rejects.toThrow(/backboneTop\.file must be a plain file name inside the model folder/);
    }
    // a declaration that is not an object naming a file
    const bare = folder(manifestFor('motif', MOTIF, { version: 'tuned-v1' }));
    const bareManifest = JSON.parse(fs.readFileSync(path.join(bare, 'manifest.json'), 'utf8'));
    bareManifest.backboneTop = 'backbone-top.bin';
    fs.writeFileSync(path.join(bare, 'manifest.json'), JSON.stringify(bareManifest));
    await expect(importModelFolder(ctx.db, 'motif', bare)).rejects.toThrow(/backboneTop: .*expected object/);

    expect(listModels(ctx.db, 'motif').map((m) => m.version)).not.toContain('tuned-v1');
  });
});
