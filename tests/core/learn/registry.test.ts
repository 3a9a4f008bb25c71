import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../../electron/core/app/context.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { getEmbeddings, putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { parseManifest } from '../../../electron/core/models/manifest.js';
import { createHead } from '../../../electron/core/models/head.js';
import { TrainResult, type EpochLog } from '../../../electron/common/contract/index.js';
import { buildReport } from '../../../electron/core/learn/report.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writeConverted } from '../models/converted.js';
import { api, learnCatalogue, modelCount, review, TEMA } from './catalogue.js';
import { waitForJob } from '../../helpers/jobs.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a stored manifest's passthrough fields, read as the JSON they are
function storedManifest(db: Database, id: number): any {
  return JSON.parse(db.prepare('SELECT manifest FROM models WHERE id = ?').pluck().get(id) as string);
}

/**
 * Another catalogue with the same photo files, labels and embeddings, imported
 * in reverse order after two other photos, so each photo has another id there.
 */
async function copyCatalogue(from: AppContext): Promise<AppContext> {
  const to = await tempContext();
  const rows = from.db
    .prepare(
      `SELECT i.id, r.path AS root, i.rel_path AS rel, l.key AS label, v.validator
       FROM images i JOIN import_roots r ON r.id = i.root_id JOIN reviews v ON v.image_id = i.id JOIN labels l ON l.id = v.label_id ORDER BY i.id DESC`,
    )
    .all() as { id: number; root: string; rel: string; label: string; validator: string }[];
  const others = tempDir();
  await writeJpeg(path.join(others, 'x.jpg'), 901, 16);
  await writeJpeg(path.join(others, 'y.jpg'), 902, 16);
  await insertImages(to.db, others, ['x.jpg', 'y.jpg']);
  const ids = await insertImages(to.db, rows[0].root, rows.map((r) => r.rel));
  const vectors = getEmbeddings(from.db, rows.map((r) => r.id), BACKBONE_ID);
  putEmbeddings(to.db, BACKBONE_ID, ids.map((imageId, i) => ({ imageId, vector: vectors.get(rows[i].id)! })));
  ids.forEach((id, i) => review(to.db, id, rows[i].label, rows[i].validator));
  expect(ids.some((id, i) => id !== rows[i].id)).toBe(true);
  return to;
}

describe('training a facet into the registry', () => {
  it('stores a new, inactive version with its data summary and held-out metrics', async () => {
    const { ctx } = await learnCatalogue();
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 20 });
    expect(r.version.active).toBe(false);
    expect(r.version.version).toBe('tema-v1');
    // 12 reviewed per label, of which the evaluation set keeps 3 apart (at least 3 once a label has 10).
    expect(r.version.training.perLabel).toEqual({ arsitektur: 9, budaya: 9, fauna: 9, flora: 9 });
    expect(r.version.training.validators.map((v) => v.name).sort()).toEqual(['Budi', 'Sari']);
    expect(r.version.training.dateRange).toEqual({ from: '2026-03-01T10:00:00.000Z', to: '2026-03-20T10:00:00.000Z' });
    expect(r.version.training.notes).toMatch(/head only/);
    const m = r.version.metrics!;
    expect(m.accuracy).toBeGreaterThan(0.5);
    expect(Object.keys(m.perClass!)).toEqual(TEMA);
    // Confusion over the validation split: 4×4 and summing to the number of held-out images.
    expect(m.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(m.validationImages);
    expect(ctx.db.prepare("SELECT active FROM models WHERE version = 'tema-v1'").pluck().get()).toBe(0);
  });

  it('activates, rolls back to the previous active version, and refuses to roll back past the first', async () => {
    const { ctx } = await learnCatalogue();
    const v1 = (await trainFacet(ctx.db, { facet: 'tema', epochs: 5 })).version;
    const v2 = (await trainFacet(ctx.db, { facet: 'tema', epochs: 5, seed: 2 })).version;
    expect(v2.version).toBe('tema-v2');
    await api(ctx, 'registry.activate', { id: v1.id });
    await api(ctx, 'registry.activate', { id: v2.id });
    let versions = await api(ctx, 'registry.versions', { facet: 'tema' });
    expect(versions.filter((v) => v.active).map((v) => v.version)).toEqual(['tema-v2']);
    // The list says where a roll-back would go, so the Models panel can offer it only then.
    expect(versions.filter((v) => v.rollbackTarget).map((v) => v.version)).toEqual(['tema-v1']);
    const back = await api(ctx, 'registry.rollback', { facet: 'tema' });
    expect(back.version).toBe('tema-v1');
    versions = await api(ctx, 'registry.versions', { facet: 'tema' });
    expect(versions.filter((v) => v.active).map((v) => v.version)).toEqual(['tema-v1']);
    expect(versions.filter((v) => v.rollbackTarget)).toEqual([]);
    await expect(api(ctx, 'registry.rollback', { facet: 'tema' })).rejects.toMatchObject({ code: 'conflict', message: /no earlier active model/ });
    // Every activation is in the append-only audit log.
    expect(ctx.db.prepare("SELECT action FROM audit_log WHERE entity = 'model' ORDER BY id").pluck().all()).toEqual([
      'model.activate',
      'model.activate',
      'model.rollback',
    ]);
  });

  it('compares two versions on the same held-out images where the facet has no evaluation set yet', async () => {
    // 9 reviewed images per label: too few for the evaluation set (eval-set.ts), so the versions' held-out images are used.
    const { ctx } = await learnCatalogue({ noise: 2.5, perLabel: [9, 9, 9, 9] });
    const a = (await trainFacet(ctx.db, { facet: 'tema', epochs: 1 })).version;
    const b = (await trainFacet(ctx.db, { facet: 'tema', epochs: 30, seed: 5 })).version;
    const cmp = await api(ctx, 'registry.compare', { a: a.id, b: b.id });
    expect(cmp.items).toBeGreaterThan(0);
    expect(cmp.a.confusion.flat().reduce((x, y) => x + y, 0)).toBe(cmp.items);
    expect(cmp.b.confusion.flat().reduce((x, y) => x + y, 0)).toBe(cmp.items);
    for (const d of cmp.disagreements) expect(d.a).not.toBe(d.b);
    expect(cmp.itemsNote).not.toContain('did not record');
    expect(cmp).toMatchObject({ basis: 'heldOut', untracked: [] });
    // The images only one gets right account for the whole difference in accuracy, and say how much of it chance could explain.
    expect(cmp.onlyA + cmp.onlyB).toBeLessThanOrEqual(cmp.disagreements.length);
    expect(cmp.onlyB - cmp.onlyA).toBe(Math.round((cmp.b.accuracy - cmp.a.accuracy) * cmp.items));
    expect(cmp.pValue).toBeGreaterThan(0);
    expect(cmp.pValue).toBeLessThanOrEqual(1);
    // A version that does not say what trained it, by id or by hash (bundled, or imported without it), may have seen these images.
    ctx.db.prepare("UPDATE models SET manifest = json_remove(manifest, '$.training.imageSha256') WHERE id = ?").run(a.id);
    expect((await api(ctx, 'registry.compare', { a: a.id, b: b.id })).itemsNote).not.toContain('did not record');
    ctx.db.prepare("UPDATE models SET manifest = json_remove(manifest, '$.training.imageIds') WHERE id = ?").run(a.id);
    const caveat = await api(ctx, 'registry.compare', { a: a.id, b: b.id });
    expect(caveat.itemsNote).toContain('tema-v1 did not record which images trained it, so if these photos were among them its score here is optimistic');
    expect(caveat.untracked).toEqual(['tema-v1']);
    // A version of an earlier release whose features were pruned: nothing to score it on, and the message says why.
    ctx.db.prepare("UPDATE models SET backbone = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear' WHERE id = ?").run(a.id);
    await expect(api(ctx, 'registry.compare', { a: a.id, b: b.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: /Cannot compare tema-v1 and tema-v2: none of the \d+ held-out reviewed image\(s\) has cached features for both\. tema-v1 reads features of an earlier release's backbone, which cannot be computed again/,
    });
  });

  it('records the SHA-256 of exactly its training images, the bytes of their files', async () => {
    const { ctx, ids } = await learnCatalogue();
    const v = (await trainFacet(ctx.db, { facet: 'tema', epochs: 3 })).version;
    const { training } = storedManifest(ctx.db, v.id);
    const fileHash = (id: number) => {
      const { root, rel } = ctx.db.prepare('SELECT r.path AS root, i.rel_path AS rel FROM images i JOIN import_roots r ON r.id = i.root_id WHERE i.id = ?').get(id) as { root: string; rel: string };
      return crypto.createHash('sha256').update(fs.readFileSync(path.join(root, rel))).digest('hex');
    };
    // Every reviewed image but the evaluation set's 3 per label.
    expect(training.imageIds.length + training.validationImageIds.length).toBe(ids.length - 12);
    expect(training.imageSha256).toEqual(training.imageIds.map(fileHash));
    const validation = new Set(training.validationImageIds.map(fileHash));
    expect(training.imageSha256.filter((h: string) => validation.has(h))).toEqual([]);
    expect(training.validationImageSha256).toEqual(training.validationImageIds.map(fileHash));
    // The schema accepts what the trainer wrote (it is what an exported folder carries).
    expect(parseManifest(storedManifest(ctx.db, v.id)).training.imageSha256).toHaveLength(training.imageIds.length);
  });

  it('leaves out, in another catalogue, the images an imported version trained on, found by their content', async () => {
    // Without an evaluation set (under 10 per label), so the comparison falls back on held-out images.
    const { ctx: a } = await learnCatalogue({ noise: 2.5, perLabel: [9, 9, 9, 9] });
    const v = (await trainFacet(a.db, { facet: 'tema', epochs: 5 })).version;
    const folder = path.join(tempDir(), 'tema-v1');
    await api(a, 'registry.export', { id: v.id, folder });
    const b = await copyCatalogue(a);
    const imported = await api(b, 'registry.import', { facet: 'tema', folder });
    const own = (await trainFacet(b.db, { facet: 'tema', epochs: 5, seed: 4 })).version;
    expect(own.version).toBe('tema-v2');

    const sha = (id: number) => b.db.prepare('SELECT sha256 FROM images WHERE id = ?').pluck().get(id) as string;
    const importedHashes = new Set(storedManifest(b.db, imported.id).training.imageSha256 as string[]);
    const ownTraining = storedManifest(b.db, own.id).training;
    const importedHeld = new Set(storedManifest(b.db, imported.id).training.validationImageSha256 as string[]);
    const allIds = b.db.prepare('SELECT id FROM images').pluck().all() as number[];
    // Held out by either: tema-v2's split by id, tema-v1's (made in catalogue A) found here by content.
    const held = allIds.filter((id) => ownTraining.validationImageIds.includes(id) || importedHeld.has(sha(id)));
    const fair = held.filter((id) => !importedHashes.has(sha(id)) && !ownTraining.imageIds.includes(id));
    // The case worth testing: some of tema-v2's held-out photos trained tema-v1 in catalogue A (under other ids there).
    expect(fair.length).toBeGreaterThan(0);
    expect(fair.length).toBeLessThan(held.length);
    const cmp = await api(b, 'registry.compare', { a: imported.id, b: own.id });
    expect(cmp.items).toBe(fair.length);
    for (const d of cmp.disagreements) expect(importedHashes.has(sha(d.imageId))).toBe(false);
    expect(cmp.itemsNote).not.toContain('did not record');

    // Without its hashes, the imported version's ids (catalogue A's) say nothing here: every photo tema-v2 held out is scored, with the caveat.
    b.db
      .prepare("UPDATE models SET manifest = json_remove(manifest, '$.training.imageSha256', '$.training.validationImageSha256') WHERE id = ?")
      .run(imported.id);
    const blind = await api(b, 'registry.compare', { a: imported.id, b: own.id });
    expect(blind.items).toBe(ownTraining.validationImageIds.length);
    expect(blind.itemsNote).toContain('tema-v1 did not record which images trained it');
  });

  it('a cancelled training leaves the registry as it was', async () => {
    const { ctx } = await learnCatalogue();
    const before = modelCount(ctx.db);
    const controller = new AbortController();
    const run = trainFacet(ctx.db, { facet: 'tema', epochs: 50 }, { signal: controller.signal, onEpoch: (log) => log.epoch === 2 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(modelCount(ctx.db)).toBe(before);
  });

  it('runs as a job with per-epoch progress a chart can read, and a TrainResult', async () => {
    const { ctx } = await learnCatalogue();
    const messages: string[] = [];
    const epochs: EpochLog[] = [];
    ctx.events.subscribe((e) => {
      if (e.type === 'job' && e.job.message) messages.push(e.job.message);
      if (e.type === 'job' && e.job.epoch) epochs.push(e.job.epoch);
    });
    const { jobId, images } = await api(ctx, 'learn.train', { facet: 'tema', epochs: 6, augment: false });
    expect(images).toBe(48 - 12);
    const job = ctx.jobs.get(jobId);
    expect(job.kind).toBe('train');
    const status = await waitForJob(ctx, jobId, 10_000);
    expect(status.state).toBe('done');
    const result = TrainResult.parse(status.result);
    expect(result.history.length).toBeGreaterThan(0);
    expect(result.version.active).toBe(false);
    expect(messages.at(-1)).toBe('trained tema-v1');
    // Epochs travel as numbers (events are throttled, so some may be skipped): each is one of the result's, exactly.
    for (const log of epochs) expect(result.history).toContainEqual(log);
    expect(status.epoch).toEqual(result.history.at(-1));
  });
});

describe('bundled models in the registry', () => {
  it('lists the bundled motif head as the active version with its shipped metrics; nothing to roll back to yet', async () => {
    const ctx = await tempContext();
    // one shipped head per pipeline; the one for the catalogue's pipeline (MobileNetV2 in the suite) is active
    const versions = await api(ctx, 'registry.versions', { facet: 'motif' });
    expect(versions.map((v) => [v.source, v.active]).sort()).toEqual([
      ['bundled', false],
      ['bundled', true],
    ]);
    const active = versions.find((v) => v.active)!;
    expect(active.version).toBe('motif-irina4-v3');
    expect(active.accuracy).toBeGreaterThan(0);
    expect(versions.every((v) => v.rollbackTarget === false)).toBe(true);
    await expect(api(ctx, 'registry.rollback', { facet: 'motif' })).rejects.toMatchObject({ code: 'conflict', message: /no earlier active model.*the active one is/ });
  });
});

describe('bad input', () => {
  it('names the labels short of examples', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [12, 12, 3, 12] });
    const before = modelCount(ctx.db); // the shipped motif head
    await expect(api(ctx, 'learn.train', { facet: 'tema' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: /every label needs at least 5 reviewed examples; "fauna" has 3 \(needs 2 more\)/,
    });
    expect(modelCount(ctx.db)).toBe(before);
  });

  it('refuses a facet where only one label was reviewed, or none', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [0, 0, 0, 12] });
    await expect(api(ctx, 'learn.train', { facet: 'tema' })).rejects.toThrow(/at least two labels, but only "flora" has reviewed examples/);
    const empty = await tempContext();
    await expect(api(empty, 'learn.train', { facet: 'tema' })).rejects.toThrow(/at least two labels, but no label has reviewed/);
  });

  it('says which examples were left out because their label was removed from the facet', async () => {
    const { ctx } = await learnCatalogue();
    ctx.db.prepare("UPDATE labels SET active = 0 WHERE key = 'fauna'").run();
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 3, minPerLabel: 5 });
    expect(r.version.labels).toEqual(['arsitektur', 'budaya', 'flora']);
    expect(r.notes.map((n) => n.message).join(' ')).toMatch(/12 image\(s\) labelled "fauna" \(label removed from the facet\)/);
    expect(r.notes).toContainEqual(expect.objectContaining({ messageKey: 'removedLabels', params: { list: 'fauna 12' } }));
    ctx.db.prepare("UPDATE labels SET active = 0 WHERE key IN ('budaya', 'flora')").run();
    await expect(trainFacet(ctx.db, { facet: 'tema' })).rejects.toThrow(/only "arsitektur" has reviewed examples.*labelled "budaya".*removed from facet "tema"/);
  });
});

describe('evaluation report', () => {
  it('is a self-contained HTML page with data summary, metrics, confusion, mistakes with thumbnails and sign-off', async () => {
    const { ctx } = await learnCatalogue();
    const v = (await trainFacet(ctx.db, { facet: 'tema', epochs: 20 })).version;
    // Relabel two held-out images: the model will "disagree" with them, so they show as mistakes.
    const held = JSON.parse(ctx.db.prepare('SELECT manifest FROM models WHERE id = ?').pluck().get(v.id) as string).training.validationImageIds as number[];
    const current = ctx.db.prepare('SELECT l.key FROM reviews r JOIN labels l ON l.id = r.label_id WHERE r.image_id = ?').pluck().get(held[0]);
    review(ctx.db, held[0], current === 'flora' ? 'budaya' : 'flora', 'Sari');
    const html = await buildReport(ctx.db, v.id, { language: 'en' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Evaluation report — tema-v1');
    // Every accuracy says on how many images, with an interval; the evaluation set's is the one that compares versions.
    expect(html).toMatch(/Validation accuracy <b>\d+\.\d%<\/b> \(\d+ of \d+ images, 95% interval \d+\.\d%–\d+\.\d%\)/);
    expect(html).toMatch(/Evaluation set \(reviewed images kept apart from all training; every version of this facet is measured on the same images\): <b>\d+\.\d%<\/b> \(\d+ of 12 images, 95% interval/);
    expect(html).toContain('Budi (');
    expect(html).toContain('true ↓ / predicted →');
    expect(html).toMatch(/<img alt="" src="data:image\/webp;base64,[A-Za-z0-9+/=]{40,}">/);
    expect(html).toContain('Validators’ sign-off');
    expect(html).toContain('@media print');
    const file = path.join(tempDir(), 'report.html');
    const r = await api(ctx, 'registry.report', { id: v.id, file, language: 'en' });
    expect(r.file).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('tema-v1');

    // For the archive's records: by default in the catalogue's interface language (Bahasa Indonesia unless changed), labels by name.
    const id = (await api(ctx, 'registry.report', { id: v.id })).html!;
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Laporan evaluasi — tema-v1');
    expect(id).toContain('sebenarnya ↓ / prediksi →');
    expect(id).toContain('Pengesahan validator');
    expect(id).toMatch(/Label sebenarnya: (Arsitektur|Budaya|Fauna|Flora) — \d+ kesalahan/);
    expect(id).not.toContain('Evaluation report');
    // Said in Indonesian, with dates as people write them: no "source trained", no English data summary, no ISO stamps.
    const head = id.slice(0, id.indexOf('<h2>', id.indexOf('Metrik'))).replace(/<p class="muted" lang="en">.*?<\/p>/, '');
    expect(head).toContain('sumber: dilatih di katalog ini');
    expect(head).toContain('label yang ditinjau (dikoreksi atau divalidasi) pada faset &quot;tema&quot; di katalog ini');
    expect(head).toMatch(/Label bertanggal \d{1,2} \w+ \d{4} sampai \d{1,2} \w+ \d{4}\./);
    expect(head).toMatch(/diukur pada bagian validasi yang disisihkan \(\d+ gambar\)/);
    expect(head).not.toMatch(/trained|reviewed labels|held-out|stratified|\d{4}-\d{2}-\d{2}T/);
    expect(html).toContain('source: trained in this catalogue');
    await api(ctx, 'settings.set', { language: 'en' });
    expect((await api(ctx, 'registry.report', { id: v.id })).html).toContain('Evaluation report — tema-v1');
  });
});

describe('export and import', () => {
  it('exports a TF.js folder that another catalogue imports as an inactive version', async () => {
    const { ctx } = await learnCatalogue();
    const v = (await trainFacet(ctx.db, { facet: 'tema', epochs: 5 })).version;
    const folder = path.join(tempDir(), 'tema-v1');
    const out = await api(ctx, 'registry.export', { id: v.id, folder });
    expect(out.files.every((f) => fs.existsSync(path.join(folder, f)))).toBe(true);
    await expect(api(ctx, 'registry.export', { id: v.id, folder })).rejects.toMatchObject({ code: 'conflict' });
    const other = await tempContext();
    const imported = await api(other, 'registry.import', { facet: 'tema', folder });
    expect(imported).toMatchObject({ version: 'tema-v1', source: 'imported', active: false });
    expect(imported.metrics?.accuracy).toBe(v.metrics?.accuracy);
    // None of the photos it held out is in this (empty) catalogue: the report says so instead of showing mistakes.
    expect(await buildReport(other.db, imported.id, { language: 'en' })).toContain('None of the images this version held out for validation is in this catalogue');
    // A catalogue with the same photos finds its held-out images by content and shows its mistakes there.
    const copy = await copyCatalogue(ctx);
    const again = await api(copy, 'registry.import', { facet: 'tema', folder });
    const held = (storedManifest(ctx.db, v.id).training.validationImageIds as number[]).length;
    expect(await buildReport(copy.db, again.id, { language: 'en' })).toMatch(new RegExp(`\\d+ of ${held} held-out images are misclassified`));
    // An export from before validation hashes were recorded: its ids are catalogue A's, so nothing can be shown.
    copy.db.prepare("UPDATE models SET manifest = json_remove(manifest, '$.training.validationImageSha256') WHERE id = ?").run(again.id);
    expect(await buildReport(copy.db, again.id, { language: 'en' })).toContain('did not record the content of the images it held out there');
  });

  it('imports a folder straight from tensorflowjs_converter, inactive, when given its labels in output order', async () => {
    const ctx = await tempContext();
    const folder = tempDir();
    const model = createHead({ inputDim: EMBEDDING_DIM, classes: 4, seed: 7 });
    await writeConverted(folder, model);
    model.dispose();
    const before = modelCount(ctx.db);
    await expect(api(ctx, 'registry.import', { facet: 'tema', folder })).rejects.toThrow(/has no manifest\.json, so the order of its outputs is unknown/);
    expect(modelCount(ctx.db)).toBe(before);
    const imported = await api(ctx, 'registry.import', { facet: 'tema', folder, labels: TEMA, version: 'lab-head-1' });
    expect(imported).toMatchObject({ version: 'lab-head-1', source: 'imported', active: false, labels: TEMA });
    expect(modelCount(ctx.db)).toBe(before + 1);
    expect((await api(ctx, 'registry.versions', { facet: 'tema' })).map((x) => x.version)).toContain('lab-head-1');
  });
});
