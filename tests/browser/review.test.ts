import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { Page } from 'playwright';
import { startServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';

/**
 * Review in Chromium through the HTTP transport. The catalogue is seeded
 * directly (image rows + one model + prediction rows), not through the
 * importer and classifier, so this test is about the review screen alone.
 */
const SCREENSHOT_DIR = path.resolve('test-results');
const LABELS = ['kawung', 'megamendung', 'parang', 'truntum'];
const N = 24;
const BIG = 10_000;

interface Seeded {
  ids: number[];
  /** image id → [label key, confidence] */
  predicted: Map<number, { label: string; confidence: number; uncertainty: number }>;
  modelId: number;
}

async function seed(db: Database): Promise<Seeded> {
  const root = tempDir('canting-review-photos-');
  const rels: string[] = [];
  for (let i = 0; i < N; i++) {
    const rel = `${LABELS[i % 4]}/batik-${String(i + 1).padStart(2, '0')}.jpg`;
    await writeJpeg(path.join(root, rel), i + 1, 48);
    rels.push(rel);
  }
  const ids = await insertImages(db, root, rels);
  const facetId = (db.prepare("SELECT id FROM facets WHERE key = 'motif'").get() as { id: number }).id;
  const labelIds = new Map((db.prepare('SELECT id, key FROM labels WHERE facet_id = ?').all(facetId) as { id: number; key: string }[]).map((r) => [r.key, r.id]));
  const now = new Date().toISOString();
  // The test's head takes over from the shipped one, registered active when the catalogue was opened.
  db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facetId);
  const modelId = Number(
    db
      .prepare(
        `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
         VALUES (?, 'test-head-1', 'trained', ?, ?, '{}', '{}', ?, 1, ?)`,
      )
      // A backbone this release computes: the catalogue keeps it active (an unrunnable one gives way to the bundled head, which has classified nothing).
      .run(facetId, BACKBONE_ID, JSON.stringify(LABELS), Buffer.alloc(4), now).lastInsertRowid,
  );
  const predicted = new Map<number, { label: string; confidence: number; uncertainty: number }>();
  const insert = db.prepare(
    'INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  ids.forEach((id, i) => {
    // Confidence spread from 0.30 to 0.99 in a scrambled order; the top label is usually the folder's.
    const confidence = 0.3 + ((i * 7) % N) * (0.69 / (N - 1));
    const label = i % 5 === 0 ? LABELS[(i + 1) % 4] : LABELS[i % 4];
    const rest = (1 - confidence) / 3;
    const topk = [{ label, p: confidence }, ...LABELS.filter((l) => l !== label).map((l) => ({ label: l, p: rest }))];
    const uncertainty = -topk.reduce((h, { p }) => h + (p > 0 ? p * Math.log(p) : 0), 0) / Math.log(4);
    insert.run(id, facetId, modelId, labelIds.get(label), confidence, uncertainty, JSON.stringify(topk), now);
    predicted.set(id, { label, confidence, uncertainty });
  });
  // Flags the grid shows: a near-duplicate pair, a folder-name hint, a file gone missing.
  db.prepare('UPDATE images SET dup_group = ? WHERE id IN (?, ?)').run(ids[1], ids[1], ids[2]);
  db.prepare("INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (?, ?, ?, 'folder')").run(ids[4], facetId, labelIds.get('kawung'));
  db.prepare('UPDATE images SET missing = 1 WHERE id = ?').run(ids[N - 1]);
  return { ids, predicted, modelId };
}

const cellIds = (page: Page) => page.$$eval('[data-testid=grid-cell]', (els) => els.map((e) => Number(e.getAttribute('data-id'))));
const focusedId = (page: Page) => page.$eval('[aria-current=true]', (e) => Number(e.getAttribute('data-id')));
const statusOf = (page: Page, id: number) => page.getAttribute(`[data-id="${id}"]`, 'data-status');
const count = async (page: Page, testId: string) => Number((await page.textContent(`[data-testid=${testId}] b`))?.trim());
const total = async (page: Page) => Number((await page.textContent('[data-testid=count-total]'))!.replace(/\D/g, ''));

describe.skipIf(!rendererBuilt())('browser: review workstation', () => {
  it('reviews with the keyboard and in bulk, undoes, filters by uncertainty, and records everything in the audit log', async () => {
    const ctx = await tempContext();
    const seeded = await seed(ctx.db);
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);

    // The grid opens on the motif facet, least certain first, everything "predicted".
    await page.waitForSelector('[data-testid=grid-cell]');
    expect(await total(page)).toBe(N);
    expect(await count(page, 'count-status-predicted')).toBe(N);
    const byUncertainty = [...seeded.predicted].sort((a, b) => b[1].uncertainty - a[1].uncertainty || a[0] - b[0]).map(([id]) => id);
    expect((await cellIds(page)).slice(0, 6)).toEqual(byUncertainty.slice(0, 6));

    // Keyboard: validate, correct (label by number), reject — focus moves on by itself.
    const [a, b, c] = byUncertainty;
    expect(await focusedId(page)).toBe(a);
    await page.keyboard.press('Enter');
    // The first decision: the app asks who is validating, records the decision under that name and shows it in the title.
    await page.getByTestId('validator-name').fill('Siti Rahayu', { timeout: 15000 });
    await page.getByTestId('validator-name').press('Enter');
    await expect.poll(() => page.title()).toContain('Siti Rahayu');
    await expect(page.getByTestId('validator').textContent()).resolves.toContain('Siti Rahayu');
    await expect.poll(() => statusOf(page, a)).toBe('validated');
    await expect.poll(() => focusedId(page)).toBe(b);
    const wrong = LABELS.find((l) => l !== seeded.predicted.get(b)!.label)!;
    await page.keyboard.press(String(LABELS.indexOf(wrong) + 1));
    await expect.poll(() => statusOf(page, b)).toBe('corrected');
    await expect.poll(() => focusedId(page)).toBe(c);
    await page.keyboard.press('x');
    await expect.poll(() => statusOf(page, c)).toBe('rejected');
    await expect.poll(() => count(page, 'count-status-rejected')).toBe(1);
    expect(await count(page, 'count-status-validated')).toBe(1);
    expect(await count(page, 'count-status-corrected')).toBe(1);
    expect(await count(page, 'count-status-predicted')).toBe(N - 3);

    // Undo the rejection, redo it, undo again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusOf(page, c)).toBe('predicted');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => statusOf(page, c)).toBe('rejected');
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusOf(page, c)).toBe('predicted');
    expect(await count(page, 'count-status-rejected')).toBe(0);

    // Bulk: click, shift-click a range of four, validate them as one step, then undo that step.
    const order = await cellIds(page);
    const range = order.slice(4, 8);
    await page.click(`[data-id="${range[0]}"]`);
    await page.click(`[data-id="${range[3]}"]`, { modifiers: ['Shift'] });
    await expect(page.getByTestId('selected-count').textContent()).resolves.toMatch(/4/);
    await page.getByTestId('bulk-validate').click();
    await expect.poll(() => count(page, 'count-status-validated')).toBe(5);
    for (const id of range) expect(await statusOf(page, id)).toBe('validated');
    await page.keyboard.press('Control+z');
    await expect.poll(() => count(page, 'count-status-validated')).toBe(1);
    for (const id of range) expect(await statusOf(page, id)).toBe('predicted');

    // Filter by uncertainty: confidence at most 50 % leaves only the uncertain predictions.
    const uncertain = [...seeded.predicted].filter(([, p]) => p.confidence <= 0.5).map(([id]) => id);
    await page.getByTestId('filter-max').fill('50');
    await expect.poll(() => total(page)).toBe(uncertain.length);
    expect(new Set(await cellIds(page))).toEqual(new Set(uncertain));

    // Screenshot of the main screen for a human reviewer, with the large view of the focused image.
    await page.getByTestId('filter-max').fill('');
    await expect.poll(() => total(page)).toBe(N);
    // a missing original shows a placeholder with a relink hint, not a broken image
    await expect(page.locator(`[data-id="${seeded.ids[N - 1]}"] [data-testid=missing-file]`).textContent()).resolves.toMatch(/hilang/i);
    const rejectMe = (await cellIds(page))[9];
    await page.click(`[data-id="${rejectMe}"]`);
    await page.keyboard.press('x');
    await expect.poll(() => statusOf(page, rejectMe)).toBe('rejected');
    await page.waitForTimeout(4200); // let the confirmation toast fade before the picture
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'review-main.png') });
    await page.click(`[data-id="${seeded.ids[1]}"]`);
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=topk]');
    await page.waitForSelector('[data-testid=full-image]');
    // near-duplicates side by side, and the motif's knowledge card
    await expect(page.getByTestId('duplicates').textContent()).resolves.toContain(path.basename(`batik-03.jpg`));
    await page.waitForSelector('[data-testid=knowledge-card]');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'review-large.png') });

    // The knowledge card is editable; the edit is audited.
    await page.getByTestId('knowledge-edit').click();
    await page.getByTestId('knowledge-regionId').fill('Cirebon (uji)');
    await page.getByTestId('knowledge-save').click();
    await expect.poll(() => page.getByTestId('knowledge-card').textContent()).toContain('Cirebon (uji)');

    // A note, then a decision from the large view; stepping back shows both in the item's history.
    await page.getByTestId('note').fill('Warna pudar di tepi kiri');
    await page.getByTestId('save-note').click();
    await expect.poll(() => page.getByTestId('save-note').textContent()).toMatch(/tersimpan/i);
    await page.keyboard.press('Enter');
    await expect.poll(() => statusOf(page, seeded.ids[1])).toBe('validated');
    await expect.poll(() => page.getByTestId('large-view').locator('h2').textContent()).not.toBe('batik-02.jpg');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('large-view').locator('h2').textContent()).toBe('batik-02.jpg');
    await expect.poll(() => page.getByTestId('history').textContent()).toMatch(/Siti Rahayu[\s\S]*Siti Rahayu/);
    await expect(page.getByTestId('note').inputValue()).resolves.toBe('Warna pudar di tepi kiri');

    // English on request, remembered in the catalogue settings.
    await page.getByRole('combobox').first().selectOption('en');
    await expect.poll(() => page.getByTestId('count-status-validated').textContent()).toMatch(/Validated/);
    expect((ctx.db.prepare("SELECT value FROM settings WHERE key = 'language'").get() as { value: string }).value).toBe('en');
    const knowledgeEdits = ctx.db.prepare("SELECT actor, action FROM audit_log WHERE entity = 'motif_knowledge'").all();
    expect(knowledgeEdits).toEqual([{ actor: 'Siti Rahayu', action: 'knowledge.edit' }]);

    // The audit log: who, what, from → to, which model; undo is a new entry, nothing deleted.
    const log = ctx.db
      .prepare(
        `SELECT a.id, a.actor, a.action, a.image_id AS imageId, a.from_status AS fromStatus, a.to_status AS toStatus,
                fl.key AS fromLabel, tl.key AS toLabel, a.model_id AS modelId, a.batch_id AS batchId, a.undo_of AS undoOf
           FROM audit_log a LEFT JOIN labels fl ON fl.id = a.from_label_id LEFT JOIN labels tl ON tl.id = a.to_label_id
          WHERE a.entity = 'review' OR a.image_id IS NOT NULL ORDER BY a.id`,
      )
      .all() as { id: number; actor: string; action: string; imageId: number; fromStatus: string; toStatus: string; fromLabel: string | null; toLabel: string | null; modelId: number | null; batchId: string; undoOf: number | null }[];
    expect(log.every((e) => e.actor === 'Siti Rahayu')).toBe(true);
    const first = log[0];
    expect(first).toMatchObject({ imageId: a, fromStatus: 'predicted', toStatus: 'validated', toLabel: seeded.predicted.get(a)!.label, modelId: seeded.modelId });
    expect(log[1]).toMatchObject({ imageId: b, fromStatus: 'predicted', toStatus: 'corrected', fromLabel: seeded.predicted.get(b)!.label, toLabel: wrong, modelId: seeded.modelId });
    expect(log[2]).toMatchObject({ imageId: c, toStatus: 'rejected' });
    const forC = log.filter((e) => e.imageId === c).map((e) => e.toStatus);
    expect(forC).toEqual(['rejected', 'predicted', 'rejected', 'predicted']);
    expect(log.filter((e) => e.imageId === c && e.undoOf !== null)).toHaveLength(3);
    // the bulk action is one batch of four, and its undo another batch of four
    const bulk = log.filter((e) => e.batchId === log.find((x) => x.imageId === range[0] && x.action === 'validate')!.batchId);
    expect(bulk.map((e) => e.imageId).sort()).toEqual([...range].sort());
    const bulkUndo = log.filter((e) => bulk.some((x) => x.id === e.undoOf));
    expect(bulkUndo).toHaveLength(4);
    expect(new Set(bulkUndo.map((e) => e.batchId)).size).toBe(1);
    expect(bulkUndo.every((e) => e.action === 'undo' && e.toStatus === 'predicted')).toBe(true);
    expect(errors).toEqual([]);
  });

  // 100,000 rows are covered by the jsdom grid test; here 10,000 keep the seeding (and the grid triggers) within seconds.
  it('scrolls a 10,000-image catalogue with only the visible cells in the page', async () => {
    const ctx = await tempContext();
    const db = ctx.db;
    const now = new Date().toISOString();
    db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Budi')").run();
    const rootId = Number(db.prepare('INSERT INTO import_roots (path, created_at) VALUES (?, ?)').run('/arsip/foto', now).lastInsertRowid);
    const insert = db.prepare(
      'INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES (?, ?, ?, ?, 1000, 64, 64, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 1; i <= BIG; i++) {
        const name = `foto-${String(i).padStart(6, '0')}.jpg`;
        insert.run(i.toString(16).padStart(64, '0'), rootId, name, name, 'jpeg', now);
      }
    })();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.getByTestId('sort').selectOption('fileName', { timeout: 15000 });
    await expect.poll(() => page.textContent('[data-testid=grid-cell] .file-name')).toBe('foto-000001.jpg');
    expect(await total(page)).toBe(BIG);
    const before = await page.locator('[data-testid=grid-cell]').count();
    expect(before).toBeLessThan(120);
    // jump to the middle of the list
    await page.$eval('[data-testid=review-grid]', (el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(async () => Number((await page.textContent('[data-testid=grid-cell] .file-name'))!.replace(/\D/g, '')), { timeout: 10000 }).toBeGreaterThan(BIG * 0.45);
    const names = await page.$$eval('[data-testid=grid-cell] .file-name', (els) => els.map((e) => Number(e.textContent!.replace(/\D/g, ''))));
    expect(names.length).toBeLessThan(120);
    expect(Math.min(...names)).toBeGreaterThan(BIG * 0.45);
    expect(Math.max(...names)).toBeLessThan(BIG * 0.55);
    expect(errors).toEqual([]);
  });
});
