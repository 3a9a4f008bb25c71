import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { INCEPTION_V3 } from '../../electron/core/classify/backbones/definitions.js';
import { pipelineId } from '../../electron/core/classify/pipeline-setting.js';
import { canting, lastJson } from '../helpers/cli.js';
import { upgradedCatalogueFile } from '../helpers/embeddings.js';

const CLI_TIMEOUT_MS = 180_000;


async function storedPipeline(db: string): Promise<string> {
  const ctx = await createAppContext(db);
  try {
    return pipelineId(ctx.db);
  } finally {
    await closeAppContext(ctx);
  }
}

describe('canting pipeline', () => {
  it('lists the pipelines with their accuracy, switches by a unique start of the id, and says what to compute and retrain', async () => {
    const db = await upgradedCatalogueFile();
    const listed = await canting('pipeline', 'list', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`* ${BACKBONE_ID}\n    MobileNetV2: block-CV 71.9 %`);
    expect(listed.stdout).toContain('InceptionV3: block-CV 83.8 %, cost ×2.6 MobileNetV2, speed not measured here yet');
    expect(listed.stdout).toContain('head training only (no fine-tuning); 3 image(s) without its features');
    expect(listed.stdout).toMatch(/motif: \S+ matches/);

    // a dry run says the same and changes nothing
    const preview = await canting('pipeline', 'use', 'inception_v3-nsfwjs-4.4.0-mixed7', '--dry-run', '--db', db);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`Dry run: nothing was changed. Switching to ${INCEPTION_V3.id} (now ${BACKBONE_ID}) would do this:`);
    expect(preview.stdout).toContain('To compute: the features of 3 image(s)');
    expect(await storedPipeline(db)).toBe(BACKBONE_ID);

    const used = await canting('pipeline', 'use', 'inception_v3-nsfwjs-4.4.0-mixed7', '--db', db);
    expect(used.code).toBe(0);
    expect(used.stdout).toContain(`The catalogue now uses ${INCEPTION_V3.id} (was ${BACKBONE_ID}).`);
    expect(used.stdout).toContain('Kept: 2 vector(s) of the previous pipeline');
    expect(used.stdout).toContain('To compute: the features of 3 image(s) (canting features, or classify), time unknown until a run of it is measured here.');
    expect(used.stdout).toMatch(/To retrain: facet motif \(active \S+ reads the previous pipeline; classifying it is refused until then\): canting train --facet motif/);
    expect(await storedPipeline(db)).toBe(INCEPTION_V3.id);

    // each version names its pipeline; the motif head now says what it needs, in commands
    const models = await canting('models', 'list', '--db', db);
    expect(models.stdout).toMatch(/^\* motif\t\S+\tbundled\tMobileNetV2\t/m);
    expect(models.stdout).toContain(`(needs MobileNetV2 features: switch back (canting pipeline use ${BACKBONE_ID}) or retrain (canting train --facet motif))`);

    const json = await canting('pipeline', 'list', '--db', db, '--json');
    expect(lastJson(json.stdout)).toMatchObject({ active: INCEPTION_V3.id, heads: [expect.objectContaining({ facet: 'motif', matches: false })] });
  }, CLI_TIMEOUT_MS);

  it('refuses an unknown or ambiguous id with the known ones, changing nothing', async () => {
    const db = await upgradedCatalogueFile();
    const unknown = await canting('pipeline', 'use', 'resnet', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`canting: Unknown feature pipeline "resnet"; this release knows: ${BACKBONE_ID}, `);
    // "mobilenet" starts two ids: no guess
    const ambiguous = await canting('pipeline', 'use', 'mobilenet', '--db', db, '--json');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('Unknown feature pipeline "mobilenet"');
    expect(await storedPipeline(db)).toBe(BACKBONE_ID);
  }, CLI_TIMEOUT_MS);
});
