import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { startTrainJob } from '../../../electron/core/learn/train-job.js';
import { learnCatalogue } from './catalogue.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a training job’s progress', () => {
  it('reports views, then epochs, each with an ETA measured from the start of its own phase', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [6, 6, 6, 6] });
    // A clock the test moves: 2 minutes to start the backbone, 1 minute per batch of 8 augmented views;
    // every other reading advances it a little, so each progress report is past the 200 ms throttle.
    let now = Date.UTC(2026, 2, 1);
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 300));
    let queue = Promise.resolve();
    const openEmbedder = async () => {
      now += 120_000;
      return {
        // One batch at a time, as the engine worker embeds them.
        embed: (_px: Float32Array, n: number) => {
          const done = queue.then(() => {
            now += 60_000;
            return new Float32Array(n * EMBEDDING_DIM).map((_, i) => ((i * 7919) % 101) / 101);
          });
          queue = done.then(() => undefined);
          return done;
        },
        close: async () => undefined,
      };
    };
    const events: JobStatus[] = [];
    ctx.events.subscribe((e) => {
      if (e.type === 'job' && e.job.kind === 'train') events.push(e.job);
    });
    const { job } = startTrainJob(ctx, { facet: 'tema', epochs: 20, augment: true, minPerLabel: 5 }, 'Train tema', openEmbedder);
    await job.done;

    const views = events.filter((j) => j.state === 'running' && j.messageKey === 'augmenting' && j.done > 0 && j.done < j.found);
    expect(views.length).toBeGreaterThan(3);
    for (const j of views) {
      expect(j.found).toBe(24 * 4);
      // a minute per 8 views from here on; starting the backbone is not part of the pace
      const expected = ((j.found - j.done) / 8) * 60;
      expect(j.etaSeconds).toBeGreaterThan(expected * 0.8);
      expect(j.etaSeconds).toBeLessThan(expected * 1.2);
    }

    // Training counts epochs (at most 20: early stopping may end sooner), from 0.
    const start = events.find((j) => j.messageKey === 'training');
    expect(start).toMatchObject({ found: 20, done: 0 });
    const epochs = events.filter((j) => j.state === 'running' && j.messageKey === 'trainingEpoch');
    expect(epochs.length).toBeGreaterThan(3);
    for (const j of epochs) {
      expect(j.found).toBe(20);
      expect(j.params).toEqual({ epoch: j.done, max: 20 });
      if (j.done === j.found) continue;
      // Epochs take about a second on this clock; the ten minutes of augmented views before do not count.
      expect(j.etaSeconds).toBeGreaterThan(0);
      expect(j.etaSeconds).toBeLessThan((j.found - j.done) * 10);
    }
  });
});
