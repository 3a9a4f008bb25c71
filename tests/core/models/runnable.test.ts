import { describe, expect, it } from 'vitest';
import { activeModelFor } from '../../../electron/core/classify/job.js';
import { activateVersion } from '../../../electron/core/learn/activation.js';
import { listVersions } from '../../../electron/core/learn/version-list.js';
import { getActiveModel, insertModel } from '../../../electron/core/models/store.js';
import { reopenContext, tempContext, tempDir } from '../../helpers/temp.js';
import { headArtifacts, manifestFor } from './fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];
/** The backbone id releases before the texture statistics wrote (1280-d pooled features only). */
const EARLIER = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';

/** A catalogue written by an earlier release: its active motif version reads the old features (and this release's shipped head is not there yet). */
async function catalogueWithEarlierModel() {
  const ctx = await tempContext({ modelsDir: tempDir() });
  const old = await insertModel(ctx.db, { manifest: manifestFor('motif', MOTIF, { version: 'motif-v1' }), artifacts: await headArtifacts(4), source: 'trained', activate: true });
  ctx.db.prepare('UPDATE models SET backbone = ? WHERE id = ?').run(EARLIER, old.id);
  return { ctx, old };
}

describe('versions trained on an earlier release’s features', () => {
  it('are listed as not runnable, cannot be activated, and classifying with one says what to do', async () => {
    const { ctx, old } = await catalogueWithEarlierModel();
    const fresh = await insertModel(ctx.db, { manifest: manifestFor('motif', MOTIF, { version: 'motif-v2' }), artifacts: await headArtifacts(4), source: 'trained', activate: false });
    expect(listVersions(ctx.db, 'motif').map((v) => [v.version, v.runnable, v.fineTuned])).toEqual([
      ['motif-v2', true, false],
      ['motif-v1', false, false],
    ]);
    // with no bundled head to fall back on, classification refuses with the version, the reason and the way out
    expect(() => activeModelFor(ctx.db, 'motif')).toThrow(
      /Version motif-v1 of facet "motif" reads features of backbone "mobilenet_v2-nsfwjs-4\.4\.0-flatten_1-bilinear", which this release of Canting no longer computes\. Activate a newer version/,
    );
    activateVersion(ctx.db, fresh.id);
    expect(() => activateVersion(ctx.db, old.id)).toThrow(/no longer computes/);
    expect(getActiveModel(ctx.db, 'motif')?.version).toBe('motif-v2');
  });

  it('give way to the shipped head when the active one can no longer run', async () => {
    const earlier = await catalogueWithEarlierModel();
    // the next start of the app, with this release's shipped head
    const ctx = await reopenContext(earlier.ctx);
    // one head per pipeline; the one for this catalogue's pipeline (MobileNetV2 in the suite) takes over
    expect(ctx.bundledModels.added).toEqual(['motif-irina4-v3', 'motif-irina4-inceptionv3-mid-level-v1']);
    const active = activeModelFor(ctx.db, 'motif');
    expect([active.version, active.source]).toEqual(['motif-irina4-v3', 'bundled']);
    // the old version is kept, with its history
    expect(listVersions(ctx.db, 'motif').map((v) => v.version)).toContain('motif-v1');
  });

  it('leave a working choice alone: a runnable active version is not replaced by the shipped head', async () => {
    const before = await tempContext({ modelsDir: tempDir() });
    await insertModel(before.db, { manifest: manifestFor('motif', MOTIF, { version: 'motif-v7' }), artifacts: await headArtifacts(4), source: 'trained', activate: true });
    const ctx = await reopenContext(before);
    expect(ctx.bundledModels.added).toHaveLength(2);
    expect(listVersions(ctx.db, 'motif').map((v) => v.version)).toContain(ctx.bundledModels.added[0]);
    expect(getActiveModel(ctx.db, 'motif')?.version).toBe('motif-v7');
  });
});
