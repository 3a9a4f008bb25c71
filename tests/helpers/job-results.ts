import type { JobKind, JobResults } from '../../electron/common/contract/index.js';

/** A small, valid result of each job kind, for tests that run a stand-in job through the real runner. */
export const SAMPLE_RESULTS: JobResults = {
  import: { importJobId: 1, found: 3, imported: 2, duplicates: 1, unchanged: 0, failed: 0, seconds: 0.5, resumed: false, errors: [] },
  classify: { facet: 'motif', modelId: 1, modelVersion: 'motif-v1', backend: 'wasm', total: 3, classified: 3, fromCache: 1, failed: 0, errors: [] },
  features: { total: 3, computed: 2, failed: 1, errors: [{ imageId: 3, path: '/arsip/rusak.jpg', message: 'unreadable' }] },
  train: {
    version: {
      id: 1,
      facet: 'motif',
      version: 'motif-v1',
      source: 'trained',
      active: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      labels: ['kawung', 'parang'],
      backbone: 'test-backbone',
      fineTuned: false,
      runnable: true,
      pipeline: { id: 'test-backbone', name: 'MobileNetV2' },
      pipelineIsCurrent: true,
      rollbackTarget: false,
      accuracy: 0.8,
      trainAccuracy: 0.9,
      metrics: { accuracy: 0.8 },
      training: { images: 10, perLabel: { kawung: 5, parang: 5 }, validators: [{ name: 'Sari', count: 10 }], dateRange: null, notes: null },
    },
    history: [{ epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7, learningRate: 0.001 }],
    bestEpoch: 1,
    stoppedEarly: false,
    seconds: 2,
    augmentedViews: 0,
    fineTuned: false,
    notes: [],
  },
  export: { format: 'csv', out: '/tmp/katalog.csv', images: 3 },
  prune: { backbones: [{ backbone: 'old-backbone', vectors: 2, bytes: 16 }], vectors: 2, bytes: 16, vacuumed: false, fileBytesBefore: 100, fileBytesAfter: 90 },
};

export const sampleResult = <K extends JobKind>(kind: K): JobResults[K] => structuredClone(SAMPLE_RESULTS[kind]);
