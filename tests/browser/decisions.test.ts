import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { AppContext } from '../../electron/core/app/context.js';
import { catalogueCsvText, catalogueJsonText } from '../../electron/core/export/catalogue.js';
import { decide } from '../../electron/core/review/decide.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { tempContext } from '../helpers/temp.js';
import { addImageRows, addModel, predict } from '../core/review/fixture.js';

/**
 * Decision records in Chromium (issue 15, items 4 and 5): a later note does
 * not move the decision, and a bulk action asks before replacing decisions
 * people made. Image rows without files: these tests are about the records.
 */
const N = 8;

async function open(seedDecisions?: (ctx: AppContext, ids: number[]) => void) {
  const ctx = await tempContext();
  const model = addModel(ctx.db, 'motif', 'motif-v1');
  // A backbone this release computes, so the version stays active (an unrunnable one gives way to the bundled head, which classified nothing).
  ctx.db.prepare('UPDATE models SET backbone = ? WHERE id = ?').run(BACKBONE_ID, model);
  const ids = addImageRows(ctx.db, Array.from({ length: N }, (_, i) => `batik-${i + 1}.jpg`));
  ids.forEach((id, i) => predict(ctx.db, id, 'motif', model, 'kawung', 0.5 + i * 0.05));
  seedDecisions?.(ctx, ids);
  const { page, errors } = await openApp(ctx);
  return { ctx, ids, page, errors };
}

async function signIn(page: Page, name: string) {
  await page.getByTestId('validator-name').fill(name, { timeout: 15000 });
  await page.getByTestId('validator-name').press('Enter');
  await expect.poll(() => page.title()).toContain(name);
}

const statusOf = (page: Page, id: number) => page.getAttribute(`[data-id="${id}"]`, 'data-status');
const statuses = async (page: Page, ids: number[]) => Promise.all(ids.map((id) => statusOf(page, id)));

describe.skipIf(!rendererBuilt())('browser: decision records', () => {
  it('keeps who decided and when through a later note by another validator, and shows each note in the history at once', async () => {
    const { ctx, page, errors } = await open();
    await page.waitForSelector('[data-testid=grid-cell]');
    const target = Number(await page.getAttribute('[aria-current=true]', 'data-id'));
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=large-view]');

    // A's note shows up in the history without reopening the image.
    await page.getByTestId('note').fill('Isen-isen mirip parang');
    await page.getByTestId('save-note').click();
    // The first thing to sign asks who is validating.
    await signIn(page, 'Ayu');
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('Isen-isen mirip parang');

    // A corrects it (3 = parang), the view moves on; back to it.
    await page.keyboard.press('3');
    await expect.poll(() => statusOf(page, target)).toBe('corrected');
    await expect.poll(() => page.getByTestId('large-view').locator('h2').textContent()).not.toBe(`batik-${target}.jpg`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('large-view').locator('h2').textContent()).toBe(`batik-${target}.jpg`);
    const decidedAt = ctx.db.prepare("SELECT at FROM audit_log WHERE action = 'label' AND image_id = ?").pluck().get(target) as string;

    // B takes over and adds a note later: it too appears at once, under B's name.
    await page.getByTestId('validator').click();
    await signIn(page, 'Bima');
    await page.getByTestId('note').fill('Setuju, parang rusak');
    await page.getByTestId('save-note').click();
    await expect.poll(() => page.getByTestId('history').textContent()).toMatch(/Bima[\s\S]*Setuju, parang rusak/);
    const noteAt = ctx.db.prepare("SELECT at FROM audit_log WHERE action = 'note' AND actor = 'Bima'").pluck().get() as string;
    expect(noteAt > decidedAt).toBe(true);

    // The exports name A and A's decision time; the note is B's, with its own time.
    const csv = parse(catalogueCsvText(ctx.db, { facet: 'motif' }).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r['dcterms:identifier'] === String(target))).toMatchObject({
      'motif.review_status': 'corrected',
      'motif.final_label': 'parang',
      'motif.validated_by': 'Ayu',
      'motif.validated_at': decidedAt,
      'motif.note': 'Setuju, parang rusak',
    });
    const json = JSON.parse(catalogueJsonText(ctx.db, 'test', { facet: 'motif' }).text) as { images: { id: number; facets: { motif: { current: object } } }[] };
    expect(json.images.find((i) => i.id === target)!.facets.motif.current).toMatchObject({ validator: 'Ayu', decidedAt, noteBy: 'Bima', noteAt });
    expect(errors).toEqual([]);
  });

  it('asks before a bulk action replaces decisions people made, leaves them alone by default, and undoes either choice in one step', async () => {
    let decided: number[] = [];
    const { page, ids, errors } = await open((ctx, all) => {
      ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Sari')").run();
      decided = [all[1], all[4]];
      decide(ctx.db, { facet: 'motif', ids: decided, action: 'label', label: 'truntum' });
    });
    const others = ids.filter((id) => !decided.includes(id));
    await page.waitForSelector('[data-testid=grid-cell]');

    // Ctrl+A, Tolak: the question names how many; Escape leaves everything as it was.
    await page.keyboard.press('Control+a');
    await expect(page.getByTestId('selected-count').textContent()).resolves.toMatch(/8/);
    await page.getByTestId('bulk-reject').click();
    await expect(page.getByTestId('overwrite-decided').textContent()).resolves.toContain('2 dari 8 gambar terpilih sudah diputuskan orang. Timpa juga?');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('overwrite-decided').count()).resolves.toBe(0);
    expect(await statuses(page, ids)).toEqual(ids.map((id) => (decided.includes(id) ? 'corrected' : 'predicted')));

    // Enter takes the default: the two decisions stay, the other six are rejected.
    await page.getByTestId('bulk-reject').click();
    await page.waitForSelector('[data-testid=overwrite-decided]');
    await page.keyboard.press('Enter');
    await expect.poll(() => statuses(page, others)).toEqual(others.map(() => 'rejected'));
    expect(await statuses(page, decided)).toEqual(['corrected', 'corrected']);
    await expect(page.getByTestId('review-message').textContent()).resolves.toContain('2 gambar yang sudah diputuskan orang dibiarkan');
    await page.keyboard.press('Control+z');
    await expect.poll(() => statuses(page, others)).toEqual(others.map(() => 'predicted'));

    // Asked to overwrite, all eight go, and one undo brings back both decisions and predictions.
    await page.keyboard.press('Control+a');
    await page.getByTestId('bulk-reject').click();
    await page.getByTestId('overwrite-decided-yes').click();
    await expect.poll(() => statuses(page, ids)).toEqual(ids.map(() => 'rejected'));
    await page.keyboard.press('Control+z');
    await expect.poll(() => statuses(page, ids)).toEqual(ids.map((id) => (decided.includes(id) ? 'corrected' : 'predicted')));

    // A selection without decisions made by people is not questioned.
    await page.click(`[data-id="${others[0]}"]`, { modifiers: ['Control'] });
    await page.click(`[data-id="${others[1]}"]`, { modifiers: ['Control'] });
    await page.getByTestId('bulk-validate').click();
    await expect.poll(() => statuses(page, others.slice(0, 2))).toEqual(['validated', 'validated']);
    expect(await page.getByTestId('overwrite-decided').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
