import { describe, expect, it } from 'vitest';
import { decide, type DecideRequest } from '../../../electron/core/review/decide.js';
import { undoBatch } from '../../../electron/core/review/undo.js';
import { api, apiError, reviewCatalogue } from './fixture.js';

type Audit = { actor: string; action: string; image_id: number; from_status: string; to_status: string; from_label: string | null; to_label: string | null; version: string | null; batch_id: string; undo_of: number | null; details: string };

function auditRows(db: import('better-sqlite3').Database): Audit[] {
  return db
    .prepare(
      `SELECT a.actor, a.action, a.image_id, a.from_status, a.to_status, fl.key AS from_label, tl.key AS to_label, m.version, a.batch_id, a.undo_of, a.details
       FROM audit_log a LEFT JOIN labels fl ON fl.id = a.from_label_id LEFT JOIN labels tl ON tl.id = a.to_label_id LEFT JOIN models m ON m.id = a.model_id
       ORDER BY a.id`,
    )
    .all() as Audit[];
}

describe('review.decide', () => {
  it('corrects, validates and rejects, recording who, from what, to what and the model version', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    const corrected = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[3]], action: 'label', label: 'Mega Mendung' });
    expect(corrected).toMatchObject({ changed: 1, unchanged: 0, overwritten: [], items: [{ id: ids[3], status: 'corrected', label: 'megamendung', revision: 1 }] });
    expect(corrected.batchId).toMatch(/^[0-9a-f-]{36}$/);
    const validated = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'validate' });
    expect(validated.items[0]).toMatchObject({ status: 'validated', label: 'kawung' });
    const sameAsPrediction = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1]], action: 'label', label: 'parang' });
    expect(sameAsPrediction.items[0]).toMatchObject({ status: 'validated', label: 'parang' });
    const rejected = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[2]], action: 'reject' });
    expect(rejected.items[0]).toMatchObject({ status: 'rejected', label: null });

    const log = auditRows(db);
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({ actor: 'Sari', action: 'label', image_id: ids[3], from_status: 'predicted', from_label: 'kawung', to_status: 'corrected', to_label: 'megamendung', version: 'motif-v1' });
    expect(log[3]).toMatchObject({ action: 'reject', from_status: 'predicted', from_label: 'truntum', to_status: 'rejected', to_label: null });
    expect(new Set(log.map((e) => e.batch_id)).size).toBe(4);

    const counts = await api(ctx, 'review.counts', { facet: 'motif' });
    expect(counts.byStatus).toEqual({ unreviewed: 1, predicted: 0, corrected: 1, validated: 2, rejected: 1, awaiting: 0, disputed: 0 });
    expect(counts.byLabel).toMatchObject({ kawung: 1, megamendung: 1, parang: 1, truntum: 0 });
  });

  it('applies a bulk action in one transaction with one batch id, skipping items already in that state', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label', label: 'parang' });
    const bulk = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], ids[1], ids[2], ids[1]], action: 'label', label: 'parang' });
    // ids[0] is already parang; ids[1] was only predicted parang, so choosing it validates it
    expect(bulk).toMatchObject({ changed: 2, unchanged: 1 });
    const bulkRows = auditRows(db).filter((e) => e.batch_id === bulk.batchId);
    expect(bulkRows.map((e) => [e.image_id, e.to_status])).toEqual([
      [ids[1], 'validated'],
      [ids[2], 'corrected'],
    ]);
    const reject = await api(ctx, 'review.decide', { facet: 'motif', ids, action: 'reject', overwriteDecided: true });
    expect(reject.changed).toBe(5);
    expect(new Set(auditRows(db).filter((e) => e.action === 'reject').map((e) => e.batch_id))).toEqual(new Set([reject.batchId]));
  });

  it('leaves decisions a person made alone unless asked, and counts them first in a dry run that writes nothing', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'validate' });
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1]], action: 'label', label: 'truntum' });
    const before = db.prepare('SELECT * FROM reviews ORDER BY image_id').all();
    const auditBefore = auditRows(db).length;

    const dry = await api(ctx, 'review.decide', { facet: 'motif', ids, action: 'reject', dryRun: true });
    expect(dry).toMatchObject({ batchId: null, changed: 3, skippedDecided: 2, unchanged: 0 });
    expect(db.prepare('SELECT * FROM reviews ORDER BY image_id').all()).toEqual(before);
    expect(auditRows(db)).toHaveLength(auditBefore);

    // The default keeps the two decisions; the rest is one undoable batch.
    const reject = await api(ctx, 'review.decide', { facet: 'motif', ids, action: 'reject' });
    expect(reject).toMatchObject({ changed: 3, skippedDecided: 2 });
    expect(reject.items.map((i) => i.status)).toEqual(['validated', 'corrected', 'rejected', 'rejected', 'rejected']);
    // Asked to: they are replaced too, in one batch.
    const all = await api(ctx, 'review.decide', { facet: 'motif', ids, action: 'reject', overwriteDecided: true });
    expect(all).toMatchObject({ changed: 2, skippedDecided: 0, unchanged: 3 });
    await api(ctx, 'review.undo', { batchId: all.batchId! });
    expect((await api(ctx, 'review.counts', { facet: 'motif' })).byStatus).toMatchObject({ validated: 1, corrected: 1, rejected: 3 });
    // Validating a selection with a rejected item is not refused for the item that is kept anyway.
    expect(await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], ids[2]], action: 'validate' })).toMatchObject({ changed: 0, unchanged: 1, skippedDecided: 1 });
  });

  it('refuses bad decisions without changing anything', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    const before = JSON.stringify(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all());
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label', label: 'Fauna' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('not a label of facet "motif"'),
    });
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label' })).toMatchObject({ code: 'invalid_input' });
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], 9999], action: 'validate' })).toMatchObject({ code: 'not_found', message: expect.stringContaining('9999') });
    // the unreviewed image has nothing to validate: the whole bulk action is refused
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], ids[4]], action: 'validate' })).toMatchObject({ code: 'invalid_input' });
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [], action: 'reject' })).toMatchObject({ code: 'invalid_input' });
    expect(JSON.stringify(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all())).toBe(before);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
  });

  it('asks for a validator name before recording decisions', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    db.prepare("DELETE FROM settings WHERE key = 'validator'").run();
    expect(await apiError(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'validate' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('validator') });
  });

  it('signs a decision with a name given per call (the CLI’s --validator), trimmed, and refuses a blank or overlong one without changing anything', async () => {
    const { db, ids } = await reviewCatalogue();
    const before = JSON.stringify(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all());
    const req: DecideRequest = { facet: 'motif', ids: [ids[0]], action: 'validate' };
    expect(() => decide(db, req, { validator: '   ' })).toThrow(/name of who made it/);
    expect(() => decide(db, req, { validator: 'x'.repeat(101) })).toThrow(/at most 100 characters/);
    expect(JSON.stringify(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all())).toBe(before);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);

    const batch = decide(db, req, { validator: '  Wulan ' }).batchId;
    if (!batch) throw new Error('the decision changed nothing');
    expect(() => undoBatch(db, batch, { validator: '' })).toThrow(/name of who made it/);
    undoBatch(db, batch, { validator: 'Wulan' });
    expect(auditRows(db).map((e) => e.actor)).toEqual(['Wulan', 'Wulan']);
  });

  it('resolves edits from two windows to the last write and keeps both in the audit log', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    const seen = (await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'a-kawung' } })).items[0].revision;
    expect(seen).toBe(0);
    // window A corrects, then window B (still showing revision 0) corrects differently
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label', label: 'truntum', seen: { [ids[0]]: seen } });
    await api(ctx, 'settings.set', { validator: 'Budi' });
    const b = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label', label: 'parang', seen: { [ids[0]]: seen }, overwriteDecided: true });
    expect(b.overwritten).toEqual([{ id: ids[0], seenRevision: 0, revision: 1, by: 'Sari' }]);
    expect(b.items[0]).toMatchObject({ label: 'parang', revision: 2 });
    const log = auditRows(db);
    expect(log.map((e) => [e.actor, e.from_label, e.to_label])).toEqual([
      ['Sari', 'kawung', 'truntum'],
      ['Budi', 'truntum', 'parang'],
    ]);
    expect(JSON.parse(log[1].details)).toMatchObject({ overwrote: { seenRevision: 0, revision: 1, by: 'Sari' } });
  });

  it('resets a decision back to the prediction', async () => {
    const { ctx, ids } = await reviewCatalogue();
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1], ids[4]], action: 'reject' });
    const reset = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1], ids[4]], action: 'reset' });
    expect(reset.items).toMatchObject([
      { status: 'predicted', label: 'parang' },
      { status: 'unreviewed', label: null },
    ]);
  });
});

describe('review.undo / review.redo', () => {
  it('undoes and redoes a bulk action as one step by writing new audit entries', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'validate' });
    const bulk = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], ids[1], ids[4]], action: 'label', label: 'truntum', overwriteDecided: true });
    const undo = await api(ctx, 'review.undo', { batchId: bulk.batchId! });
    expect(undo).toMatchObject({ changed: 3, skipped: [] });
    expect(undo.items).toMatchObject([
      { id: ids[0], status: 'validated', label: 'kawung' },
      { id: ids[1], status: 'predicted', label: 'parang' },
      { id: ids[4], status: 'unreviewed', label: null },
    ]);
    expect(await apiError(ctx, 'review.undo', { batchId: bulk.batchId! })).toMatchObject({ code: 'conflict' });
    const redo = await api(ctx, 'review.redo', { batchId: bulk.batchId! });
    expect(redo.items.map((i) => [i.status, i.label])).toEqual([
      ['corrected', 'truntum'],
      ['corrected', 'truntum'],
      ['corrected', 'truntum'],
    ]);
    expect(await apiError(ctx, 'review.redo', { batchId: bulk.batchId! })).toMatchObject({ code: 'conflict' });
    await api(ctx, 'review.undo', { batchId: bulk.batchId! });

    const log = auditRows(db);
    expect(log.map((e) => e.action)).toEqual(['validate', 'label', 'label', 'label', 'undo', 'undo', 'undo', 'redo', 'redo', 'redo', 'undo', 'undo', 'undo']);
    const originalIds = db.prepare('SELECT id FROM audit_log WHERE batch_id = ? ORDER BY id').pluck().all(bulk.batchId) as number[];
    expect(log.slice(4, 7).map((e) => e.undo_of)).toEqual(originalIds);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('leaves an item alone when someone changed it after the batch', async () => {
    const { ctx, ids } = await reviewCatalogue();
    const first = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0], ids[1]], action: 'reject' });
    await api(ctx, 'settings.set', { validator: 'Budi' });
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1]], action: 'label', label: 'kawung', overwriteDecided: true });
    const undo = await api(ctx, 'review.undo', { batchId: first.batchId! });
    expect(undo.changed).toBe(1);
    expect(undo.skipped).toEqual([{ id: ids[1], reason: expect.stringContaining('Budi') }]);
    expect(undo.items).toMatchObject([{ status: 'predicted' }, { status: 'corrected', label: 'kawung' }]);
  });

  it('refuses unknown batches and undoing an undo', async () => {
    const { ctx, ids } = await reviewCatalogue();
    expect(await apiError(ctx, 'review.undo', { batchId: 'nope' })).toMatchObject({ code: 'not_found' });
    const d = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'reject' });
    const u = await api(ctx, 'review.undo', { batchId: d.batchId! });
    expect(await apiError(ctx, 'review.undo', { batchId: u.batchId! })).toMatchObject({ code: 'invalid_input' });
  });
});

describe('review.history and notes', () => {
  it('lists the full label history of an item and audits notes, which free-text search finds', async () => {
    const { ctx, ids } = await reviewCatalogue();
    const d = await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[2]], action: 'label', label: 'parang' });
    await api(ctx, 'review.undo', { batchId: d.batchId! });
    const note = await api(ctx, 'review.setNote', { id: ids[2], facet: 'motif', note: '  Cap, bukan tulis  ' });
    expect(note.note).toBe('Cap, bukan tulis');
    const history = await api(ctx, 'review.history', { id: ids[2], facet: 'motif' });
    expect(history.map((h) => [h.action, h.fromLabel, h.toLabel, h.actor])).toEqual([
      ['label', 'truntum', 'parang', 'Sari'],
      ['undo', 'parang', 'truntum', 'Sari'],
      ['note', null, null, 'Sari'],
    ]);
    expect(history[1].undoOf).toBe(history[0].id);
    expect(history[0].modelVersion).toBe('motif-v1');
    expect(history[2].details).toEqual({ from: null, to: 'Cap, bukan tulis' });
    expect((await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'bukan tulis' } })).items.map((i) => i.id)).toEqual([ids[2]]);
    expect((await api(ctx, 'review.history', { id: ids[2] })).length).toBe(3);
  });
});
