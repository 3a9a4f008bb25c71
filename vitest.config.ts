import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // New catalogues in tests (and the canting processes they start) use the fast MobileNetV2 pipeline;
    // tests of the default pipeline (tests/core/app/new-catalogue-pipeline.test.ts) unset this.
    env: { CANTING_NEW_CATALOGUE_PIPELINE: 'mobilenet_v2-nsfwjs-4.4.0-flatten_1+block_16-meanstd-bilinear' },
  },
});
