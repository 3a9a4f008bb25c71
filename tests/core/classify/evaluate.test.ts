import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFolder, trainingOverlapNote } from '../../../electron/core/classify/evaluate.js';
import { writeJpeg } from '../../helpers/images.js';
import { tempDir } from '../../helpers/temp.js';
import { headArtifacts, manifestFor } from '../models/fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];
// Real MobileNetV2 work: generous on a loaded 2-core machine.
const HEAVY_TIMEOUT_MS = 240_000;

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const rowSums = (m: number[][]) => m.map((row) => row.reduce((a, b) => a + b, 0));

describe('evaluating a head on a folder that holds some of its training photos', () => {
  it('counts the scored files that trained it, by content, and scores the others on their own', async () => {
    const data = tempDir();
    const file = (label: string, name: string) => path.join(data, label, name);
    for (const [i, name] of ['k0', 'k1', 'k2'].entries()) await writeJpeg(file('kawung', `${name}.jpg`), 10 + i, 32);
    for (const [i, name] of ['p0', 'p1', 'p2'].entries()) await writeJpeg(file('parang', `${name}.jpg`), 20 + i, 32);
    // The same bytes under another name are the same photo; a listed file that cannot be decoded is not scored, so not counted.
    fs.copyFileSync(file('kawung', 'k0.jpg'), file('parang', 'renamed.jpg'));
    // (Listed first, so the scored files' positions differ from their positions in the folder.)
    fs.writeFileSync(file('kawung', 'a_broken.jpg'), 'not an image');
    const trained = [file('kawung', 'a_broken.jpg'), file('kawung', 'k0.jpg'), file('kawung', 'k1.jpg'), file('parang', 'p0.jpg')].map(sha256);
    const artifacts = await headArtifacts(4);
    const head = { manifest: manifestFor('motif', MOTIF, { training: { dataset: 'generated for tests', images: 4, imageSha256: trained } }), artifacts };

    const r = await evaluateFolder(head, data, { workers: 1 });
    expect(r.images).toBe(7);
    expect(r.failed.map((f) => path.basename(f.file))).toEqual(['a_broken.jpg']);
    expect(r.seenInTraining).toBe(4);
    expect(r.unseen?.images).toBe(3);
    expect(rowSums(r.unseen!.confusion)).toEqual([1, 0, 2, 0]);

    // The reference: the unseen files alone, scored by the same head, which lists no training photos.
    const only = tempDir();
    for (const rel of ['kawung/k2.jpg', 'parang/p1.jpg', 'parang/p2.jpg']) {
      fs.mkdirSync(path.join(only, path.dirname(rel)), { recursive: true });
      fs.copyFileSync(path.join(data, rel), path.join(only, rel));
    }
    const ref = await evaluateFolder({ manifest: manifestFor('motif', MOTIF), artifacts }, only, { workers: 1 });
    expect(ref.seenInTraining).toBeNull();
    expect(ref.unseen).toBeNull();
    const { accuracy, labels, confusion, perClass } = ref;
    expect(r.unseen).toEqual({ images: 3, accuracy, labels, confusion, perClass });
  }, HEAVY_TIMEOUT_MS);
});

describe('what eval says about training photos', () => {
  const result = { images: 992, accuracy: 0.927, modelVersion: 'motif-irina4-v3' };
  const unseen = { images: 208, accuracy: 0.76, labels: MOTIF, confusion: [], perClass: {} };

  it('leads with the score on the photos the model did not train on', () => {
    expect(trainingOverlapNote({ ...result, seenInTraining: 784, unseen })).toBe(
      '784 of these 992 photos trained this model; on the other 208: 76.0% (92.7% on all of them, optimistic).',
    );
  });

  it('says when no photo trained it, when every photo did, and when the model did not record its training photos', () => {
    expect(trainingOverlapNote({ ...result, seenInTraining: 0, unseen: { ...unseen, images: 992, accuracy: 0.927 } })).toBe(
      'None of these 992 files is identical to one that trained motif-irina4-v3: 92.7%.',
    );
    expect(trainingOverlapNote({ ...result, seenInTraining: 992, unseen: null })).toBe(
      'All 992 of these photos trained motif-irina4-v3: none is unseen, so there is no fair score here (92.7% on its own training photos).',
    );
    expect(trainingOverlapNote({ ...result, seenInTraining: null, unseen: null })).toBe(
      'motif-irina4-v3 did not record which images trained it, so if these photos were among them its score (92.7%) is optimistic.',
    );
  });
});
