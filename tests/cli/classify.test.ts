import crypto from 'node:crypto';
import fs from 'node:fs';
import { DEFAULT_VERSION } from '../../electron/core/workflows/train-default.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { insertModel } from '../../electron/core/models/store.js';
import { headArtifacts, manifestFor } from '../core/models/fixtures.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];

// Real MobileNetV2 work (and child processes): generous on a loaded 2-core machine.
const HEAVY_TIMEOUT_MS = 240_000;

describe('canting eval / classify', () => {
  it('eval matches class folders case- and separator-insensitively and prints metrics as the last JSON line', async () => {
    const data = tempDir();
    await writeJpeg(path.join(data, 'Mega_Mendung', 'a.jpg'), 1, 32);
    await writeJpeg(path.join(data, 'Mega_Mendung', 'b.jpg'), 2, 32);
    await writeJpeg(path.join(data, 'KAWUNG', 'c.jpg'), 3, 32);
    await writeJpeg(path.join(data, 'parang', 'd.jpg'), 4, 32);
    fs.mkdirSync(path.join(data, 'Truntum'));
    fs.writeFileSync(path.join(data, 'Truntum', 'broken.jpg'), 'not an image');
    const r = await canting('eval', '--facet', 'motif', '--data', data, '--json', '--workers', '1');
    expect(r.stderr).not.toMatch(/Hi, looks like you are running TensorFlow\.js/);
    expect(r.code).toBe(0);
    const out = lastJson(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['accuracy', 'perClass', 'confusion', 'labels', 'imagesPerSecond', 'backend']));
    expect(out.labels).toEqual(['kawung', 'megamendung', 'parang', 'truntum']);
    // Row sums are the images per true class: proves each folder went to the right label.
    expect(out.confusion.map((row: number[]) => row.reduce((a, b) => a + b, 0))).toEqual([1, 2, 1, 0]);
    expect(out.perClass.megamendung.support).toBe(2);
    expect(out.images).toBe(4);
    expect(out.failed).toHaveLength(1);
    expect(out.failed[0].file).toMatch(/broken\.jpg$/);
    const correct = out.confusion.reduce((s: number, row: number[], i: number) => s + row[i], 0);
    expect(out.accuracy).toBeCloseTo(correct / 4, 4);
    expect(out.imagesPerSecond).toBeGreaterThan(0);
    expect(out.backend).toMatch(/^(wasm|tensorflow|cpu)/);
    // The shipped head lists its training photos; none of these generated ones is among them, so all are unseen.
    expect(out.seenInTraining).toBe(0);
    expect(out.unseen).toEqual({ images: 4, accuracy: out.accuracy, labels: out.labels, confusion: out.confusion, perClass: out.perClass });

    fs.mkdirSync(path.join(data, 'ceplok'));
    const bad = await canting('eval', '--facet', 'motif', '--data', data, '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Sub-folder\(s\) "ceplok" match no label/);
  }, HEAVY_TIMEOUT_MS);

  it('eval leads with the score on the photos the model did not train on', async () => {
    const data = tempDir();
    const files = ['kawung/a.jpg', 'kawung/b.jpg', 'parang/c.jpg', 'parang/d.jpg'].map((f) => path.join(data, f));
    for (const [i, f] of files.entries()) await writeJpeg(f, 40 + i, 32);
    const trained = files.slice(0, 2).map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
    const db = path.join(tempDir(), 'c.sqlite');
    const ctx = await createAppContext(db);
    await insertModel(ctx.db, {
      manifest: manifestFor('motif', MOTIF, { version: 'motif-lab-1', training: { dataset: 'generated for tests', images: 2, imageSha256: trained } }),
      artifacts: await headArtifacts(4),
      source: 'imported',
      activate: true,
    });
    await closeAppContext(ctx);
    const r = await canting('eval', '--facet', 'motif', '--data', data, '--db', db, '--workers', '1');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^Model motif-lab-1 \(motif\) on 4 image\(s\)/);
    expect(lines[1]).toMatch(/^2 of these 4 photos trained this model; on the other 2: \d+\.\d% \(\d+\.\d% on all of them, optimistic\)\.$/);
    expect(lines[2]).toBe('Unseen photos only (2):');
    expect(r.stdout).toContain('All 4 photos, including the 2 it trained on (optimistic):');
  }, HEAVY_TIMEOUT_MS);

  it('classify explains an empty catalogue and a facet without a model; classifies and resumes otherwise', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    const empty = await canting('classify', '--db', db, '--json');
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('The catalogue is empty: import images before classifying');

    const ctx = await createAppContext(db);
    const root = path.join(dir, 'photos');
    await writeJpeg(path.join(root, 'x.jpg'), 11, 32);
    await writeJpeg(path.join(root, 'y.jpg'), 12, 32);
    await insertImages(ctx.db, root, ['x.jpg', 'y.jpg']);
    await closeAppContext(ctx);

    const tema = await canting('classify', '--db', db, '--facet', 'tema');
    expect(tema.code).not.toBe(0);
    expect(tema.stderr).toContain("no model for tema yet; train one from validators' labels");

    const ok = await canting('classify', '--db', db, '--json', '--workers', '1');
    expect(ok.code).toBe(0);
    expect(lastJson(ok.stdout)).toMatchObject({ facet: 'motif', modelVersion: DEFAULT_VERSION, total: 2, classified: 2, failed: 0 });
    const again = await canting('classify', '--db', db, '--only-unpredicted', '--json');
    expect(lastJson(again.stdout)).toMatchObject({ total: 0, classified: 0 });
  }, HEAVY_TIMEOUT_MS);
});
