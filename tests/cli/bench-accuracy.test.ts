import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const CLI_TIMEOUT_MS = 180_000;

describe('canting bench accuracy', () => {
  it(
    'is skipped with the reason when the dataset folder is absent',
    async () => {
      const missing = path.join(tempDir('canting-bench-acc-'), 'batik-irina4');
      const run = await canting('bench', 'accuracy', '--dataset', missing);
      expect(run.code).toBe(0);
      expect(lastJson(run.stdout)).toMatchObject({ bench: 'accuracy', skipped: true, reason: expect.stringContaining(missing) });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'names the candidates when asked for a pipeline it does not know',
    async () => {
      const dir = tempDir('canting-bench-acc-');
      const run = await canting('bench', 'accuracy', '--dataset', dir, '--pipeline', 'resnet50');
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('unknown pipeline "resnet50"');
      expect(run.stderr).toContain('inception_v3-nsfwjs-4.4.0-mixed7+mixed10-meanstd-bilinear');
    },
    CLI_TIMEOUT_MS,
  );
});
