import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../../electron/core/app/paths.js';
import { readLabelledFolder } from '../../../electron/core/classify/labelled-folder.js';
import { parseManifest, type ModelManifest } from '../../../electron/core/models/manifest.js';
import { blockSplit, defaultSplitHashes, EXCLUDED_FROM_TRAINING, fileNumber, MOTIF_LABELS } from '../../../electron/core/workflows/train-default.js';
import { DATASET_DIR, DATASET_SKIP_REASON, hasDataset } from '../../helpers/images.js';

describe('default model data split', () => {
  it.skipIf(!hasDataset)(`splits batik-irina4 by blocks of file numbers, not at random (${hasDataset ? 'dataset present' : DATASET_SKIP_REASON})`, () => {
    const files = readLabelledFolder(DATASET_DIR, [...MOTIF_LABELS]);
    const { train, test } = blockSplit(files);
    expect(test.length / files.length).toBeGreaterThan(0.18);
    expect(test.length / files.length).toBeLessThan(0.22);
    for (let c = 0; c < MOTIF_LABELS.length; c++) {
      const all = files.filter((f) => f.label === c).map((f) => fileNumber(f.file)).sort((a, b) => a - b);
      const held = new Set(test.filter((f) => f.label === c).map((f) => fileNumber(f.file)));
      // The held-out files of a class form exactly two runs of consecutive ranks.
      let runs = 0;
      all.forEach((n, i) => {
        if (held.has(n) && (i === 0 || !held.has(all[i - 1]))) runs++;
      });
      expect(runs).toBe(2);
    }
    const names = new Set(train.map((f) => path.basename(f.file, '.jpg')));
    for (const x of EXCLUDED_FROM_TRAINING) expect(names.has(x)).toBe(false);
    const trainFiles = new Set(train.map((f) => f.file));
    expect(test.some((f) => trainFiles.has(f.file))).toBe(false);
  });
});

describe('the bundled head’s record of its training images', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'motif', 'manifest.json'), 'utf8')) as ModelManifest;

  it('lists one valid hash per training image, and the held-out images apart from them', () => {
    const { training } = parseManifest(manifest);
    const hashes = training.imageSha256 ?? [];
    expect(hashes).toHaveLength(manifest.training.images);
    expect(new Set(hashes).size).toBe(hashes.length);
    const heldOut = training.validationImageSha256 ?? [];
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.filter((h) => hashes.includes(h))).toEqual([]);
  });

  it.skipIf(!hasDataset)(
    `lists exactly the files train-default trains on and tests on, recomputed from batik-irina4 (${hasDataset ? 'dataset present' : DATASET_SKIP_REASON})`,
    async () => {
      const split = await defaultSplitHashes(DATASET_DIR);
      expect(manifest.training.imageSha256).toEqual(split.train);
      expect(manifest.training.validationImageSha256).toEqual(split.validation);
      expect(split.validation).toHaveLength((manifest.metrics?.confusion ?? []).flat().reduce((a, b) => a + b, 0));
    },
  );
});
