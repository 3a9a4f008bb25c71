import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogueCsvText, catalogueJsonText } from '../../../electron/core/export/catalogue.js';
import { api, reviewCatalogue } from './fixture.js';

const DECIDED = '2026-03-02T12:35:48.000Z';
const NOTE_A = '2026-03-02T12:36:10.000Z';
const NOTE_B = '2026-03-02T15:02:00.000Z';

afterEach(() => {
  vi.useRealTimers();
});

/** Validator A corrects an image and adds a note; validator B adds a note later (issue 15, item 4). */
async function correctedThenNotedByAnother() {
  const c = await reviewCatalogue();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(DECIDED));
  await api(c.ctx, 'settings.set', { validator: 'Ayu' });
  await api(c.ctx, 'review.decide', { facet: 'motif', ids: [c.ids[1]], action: 'label', label: 'kawung' });
  vi.setSystemTime(new Date(NOTE_A));
  await api(c.ctx, 'review.setNote', { id: c.ids[1], facet: 'motif', note: 'Isen-isen mirip kawung' });
  vi.setSystemTime(new Date(NOTE_B));
  await api(c.ctx, 'settings.set', { validator: 'Bima' });
  await api(c.ctx, 'review.setNote', { id: c.ids[1], facet: 'motif', note: 'Setuju, kawung picis' });
  vi.useRealTimers();
  return c;
}

describe('a note does not move a decision', () => {
  it('keeps the decider and decision time in the CSV and JSON exports, and gives the note its own author and time', async () => {
    const { ctx, db, ids } = await correctedThenNotedByAnother();

    const csv = parse(catalogueCsvText(db, { facet: 'motif' }).text, { columns: true, bom: true }) as Record<string, string>[];
    const row = csv.find((r) => r['dcterms:identifier'] === String(ids[1]))!;
    expect(row).toMatchObject({
      'motif.review_status': 'corrected',
      'motif.final_label': 'kawung',
      'motif.validated_by': 'Ayu',
      'motif.validated_at': DECIDED,
      'motif.note': 'Setuju, kawung picis',
    });

    const json = JSON.parse(catalogueJsonText(db, 'test', { facet: 'motif' }).text) as { images: { id: number; facets: { motif: { current: Record<string, unknown> } } }[] };
    const current = json.images.find((i) => i.id === ids[1])!.facets.motif.current;
    expect(current).toMatchObject({ validator: 'Ayu', decidedAt: DECIDED, note: 'Setuju, kawung picis', noteBy: 'Bima', noteAt: NOTE_B });

    // The large view tells the same story.
    const detail = (await api(ctx, 'image.detail', { id: ids[1] })).facets.find((f) => f.facet === 'motif')!;
    expect(detail).toMatchObject({ validator: 'Ayu', decidedAt: DECIDED, noteBy: 'Bima', noteAt: NOTE_B });
  });

  it('moves the decision time with the next decision (undo included), not with notes', async () => {
    const { ctx, db, ids } = await correctedThenNotedByAnother();
    const later = '2026-03-03T08:00:00.000Z';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(later));
    const d = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1]], action: 'reject', overwriteDecided: true });
    vi.setSystemTime(new Date('2026-03-03T09:00:00.000Z'));
    await api(ctx, 'review.setNote', { id: ids[1], facet: 'motif', note: 'Bukan batik' });
    vi.useRealTimers();
    const row = () => db.prepare('SELECT validator, decided_at, note_by, note_at FROM reviews WHERE image_id = ?').get(ids[1]);
    expect(row()).toEqual({ validator: 'Bima', decided_at: later, note_by: 'Bima', note_at: '2026-03-03T09:00:00.000Z' });
    await api(ctx, 'review.undo', { batchId: d.batchId! });
    expect((row() as { decided_at: string }).decided_at > later).toBe(true);
  });

  it('leaves the note’s author and time alone when the same text is saved again', async () => {
    const { ctx, db, ids } = await correctedThenNotedByAnother();
    await api(ctx, 'settings.set', { validator: 'Citra' });
    await api(ctx, 'review.setNote', { id: ids[1], facet: 'motif', note: ' Setuju, kawung picis ' });
    expect(db.prepare('SELECT note_by, note_at FROM reviews WHERE image_id = ?').get(ids[1])).toEqual({ note_by: 'Bima', note_at: NOTE_B });
  });
});
