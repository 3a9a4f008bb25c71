import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decide, type DecideRequest } from '../../../electron/core/review/decide.js';
import { resolveDisputes } from '../../../electron/core/review/resolve.js';
import { redoBatch, undoBatch } from '../../../electron/core/review/undo.js';
import { api, apiError, labelId, reviewCatalogue } from './fixture.js';

/** Two validations required on motif; ids[0] predicted kawung, ids[1] parang, ids[2] truntum. */
async function layered(blind = false) {
  const c = await reviewCatalogue();
  await api(c.ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2, blind });
  const by = (validator: string) => (req: Omit<DecideRequest, 'facet'>) => decide(c.db, { facet: 'motif', ...req }, { validator });
  return { ...c, ayu: by('Ayu'), budi: by('Budi'), citra: by('Citra') };
}

const stateOf = (db: Database, id: number) =>
  db.prepare("SELECT g.status, l.key AS label FROM review_grid g LEFT JOIN labels l ON l.id = g.label_id WHERE g.facet_id = 2 AND g.image_id = ?").get(id);

describe('layered validation (two validations required)', () => {
  it('settles a label only when a second, different person agrees', async () => {
    const { db, ids, ayu, budi } = await layered();
    expect(ayu({ ids: [ids[0]], action: 'validate' }).items[0]).toMatchObject({ status: 'awaiting', label: 'kawung' });
    expect(budi({ ids: [ids[0]], action: 'label', label: 'kawung' }).items[0]).toMatchObject({ status: 'validated', label: 'kawung' });
    // Agreeing on a correction corrects; agreeing on a rejection rejects.
    ayu({ ids: [ids[1]], action: 'label', label: 'truntum' });
    expect(budi({ ids: [ids[1]], action: 'validate' }).items[0]).toMatchObject({ status: 'corrected', label: 'truntum' });
    ayu({ ids: [ids[2]], action: 'reject' });
    expect(stateOf(db, ids[2])).toEqual({ status: 'awaiting', label: null });
    expect(budi({ ids: [ids[2]], action: 'reject' }).items[0]).toMatchObject({ status: 'rejected', label: null });
  });

  it('never counts one person twice: the same name (any case) only replaces their own vote', async () => {
    const { db, ids, ayu, budi } = await layered();
    ayu({ ids: [ids[0]], action: 'validate' });
    const again = decide(db, { facet: 'motif', ids: [ids[0]], action: 'validate', overwriteDecided: true }, { validator: 'ayu' });
    expect(again).toMatchObject({ changed: 0, items: [{ status: 'awaiting', label: 'kawung' }] });
    // Without overwriteDecided the voter's own awaiting image counts as decided by them.
    expect(ayu({ ids: [ids[0]], action: 'label', label: 'parang' })).toMatchObject({ changed: 0, skippedDecided: 1 });
    expect(ayu({ ids: [ids[0]], action: 'label', label: 'parang', overwriteDecided: true }).items[0]).toMatchObject({ status: 'awaiting', label: 'parang' });
    // Budi agrees with Ayu's latest vote, not her first one.
    expect(budi({ ids: [ids[0]], action: 'label', label: 'parang' }).items[0]).toMatchObject({ status: 'corrected', label: 'parang' });
    expect(db.prepare('SELECT count(*) FROM validation_votes WHERE image_id = ?').pluck().get(ids[0])).toBe(3);
  });

  it('a disagreement is disputed, left alone by decisions, and resolved by an expert with both votes in the audit', async () => {
    const { ctx, db, ids, ayu, budi, citra } = await layered();
    ayu({ ids: [ids[0], ids[1]], action: 'validate' });
    const second = budi({ ids: [ids[0], ids[1]], action: 'label', label: 'truntum' });
    expect(second.items.map((i) => [i.status, i.label])).toEqual([
      ['disputed', null],
      ['disputed', null],
    ]);
    const counts = await api(ctx, 'review.counts', { facet: 'motif' });
    expect(counts.byStatus).toMatchObject({ disputed: 2, awaiting: 0 });
    const queue = await api(ctx, 'review.query', { facet: 'motif', filter: { statuses: ['disputed'] } });
    expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids[0], ids[1]]));
    // Nobody's decision changes a disputed image, even asked to overwrite.
    expect(citra({ ids: [ids[0]], action: 'label', label: 'kawung', overwriteDecided: true })).toMatchObject({ changed: 0, skippedDecided: 1 });
    // Neither disputant resolves it.
    expect(() => resolveDisputes(db, { facet: 'motif', ids: [ids[0]], action: 'label', label: 'kawung' }, { validator: 'Budi' })).toThrow(/Budi voted in the dispute/);
    const resolved = resolveDisputes(db, { facet: 'motif', ids: [ids[0]], action: 'label', label: 'truntum' }, { validator: 'Dewi' });
    expect(resolved.items[0]).toMatchObject({ status: 'corrected', label: 'truntum' });
    const entry = db.prepare("SELECT actor, from_status, to_status, details FROM audit_log WHERE action = 'resolve'").get() as { actor: string; from_status: string; to_status: string; details: string };
    expect(entry).toMatchObject({ actor: 'Dewi', from_status: 'disputed', to_status: 'corrected' });
    expect(JSON.parse(entry.details).votes.map((v: { actor: string; label: string }) => [v.actor, v.label])).toEqual([
      ['Ayu', 'kawung'],
      ['Budi', 'truntum'],
    ]);
    // Only disputed images are resolved.
    expect((await apiError(ctx, 'validation.resolve', { facet: 'motif', ids: [ids[2]], action: 'reject' })).message).toMatch(/Only disputed images/);
    // Undoing the resolution puts the dispute back.
    undoBatch(db, resolved.batchId, { validator: 'Dewi' });
    expect(stateOf(db, ids[0])).toEqual({ status: 'disputed', label: null });
  });

  it('undo withdraws the vote with the decision, so it no longer counts; redo brings it back', async () => {
    const { db, ids, ayu, budi } = await layered();
    ayu({ ids: [ids[0]], action: 'validate' });
    const b = budi({ ids: [ids[0]], action: 'label', label: 'parang' });
    expect(stateOf(db, ids[0])).toEqual({ status: 'disputed', label: null });
    undoBatch(db, b.batchId!, { validator: 'Budi' });
    expect(stateOf(db, ids[0])).toEqual({ status: 'awaiting', label: 'kawung' });
    // With Budi's vote taken back, his agreeing now settles it.
    const agree = budi({ ids: [ids[0]], action: 'validate' });
    expect(agree.items[0]).toMatchObject({ status: 'validated', label: 'kawung' });
    undoBatch(db, agree.batchId!, { validator: 'Budi' });
    redoBatch(db, b.batchId!);
    expect(stateOf(db, ids[0])).toEqual({ status: 'disputed', label: null });
  });

  it('deciding a settled image again opens a new round that needs two people', async () => {
    const { db, ids, ayu, budi, citra } = await layered();
    ayu({ ids: [ids[0]], action: 'validate' });
    budi({ ids: [ids[0]], action: 'validate' });
    expect(citra({ ids: [ids[0]], action: 'validate', overwriteDecided: true })).toMatchObject({ changed: 0 });
    expect(citra({ ids: [ids[0]], action: 'label', label: 'parang', overwriteDecided: true }).items[0]).toMatchObject({ status: 'awaiting', label: 'parang' });
    expect(ayu({ ids: [ids[0]], action: 'label', label: 'parang' }).items[0]).toMatchObject({ status: 'corrected', label: 'parang' });
    expect(db.prepare('SELECT DISTINCT round FROM validation_votes WHERE image_id = ? ORDER BY round').pluck().all(ids[0])).toEqual([1, 2]);
  });

  it('blind: the second validator sees what the first one saw, not the first one’s label', async () => {
    const { ctx, db, ids, ayu } = await layered(true);
    ayu({ ids: [ids[0]], action: 'label', label: 'parang' });
    // The grid keeps showing the prediction while awaiting.
    expect(stateOf(db, ids[0])).toEqual({ status: 'awaiting', label: 'kawung' });
    // The catalogue's validator is Sari: Ayu's label is left out for her.
    const seenBySari = await api(ctx, 'validation.votes', { id: ids[0], facet: 'motif' });
    expect(seenBySari.votes).toEqual([expect.objectContaining({ actor: 'Ayu', label: null, hidden: true })]);
    await api(ctx, 'settings.set', { validator: 'Ayu' });
    expect((await api(ctx, 'validation.votes', { id: ids[0], facet: 'motif' })).votes[0]).toMatchObject({ label: 'parang', hidden: false });
    // Nor does the image's history tell it while it awaits.
    const history = JSON.stringify(await api(ctx, 'review.history', { id: ids[0], facet: 'motif' }));
    expect(history).not.toContain(`"labelId":${labelId(db, 'motif', 'parang')}`);
    expect(history).toContain('"voteHidden":true');
    // Once settled or disputed everything is shown.
    decide(db, { facet: 'motif', ids: [ids[0]], action: 'validate' }, { validator: 'Budi' });
    expect(stateOf(db, ids[0])).toEqual({ status: 'disputed', label: null });
    await api(ctx, 'settings.set', { validator: 'Sari' });
    expect((await api(ctx, 'validation.votes', { id: ids[0], facet: 'motif' })).votes.map((v) => v.label)).toEqual(['parang', 'kawung']);
    expect(JSON.stringify(await api(ctx, 'review.history', { id: ids[0], facet: 'motif' }))).toContain(`"labelId":${labelId(db, 'motif', 'parang')}`);
  });

  it('two people deciding the same image at once: both are in the audit log, the later one is told it changed', async () => {
    const { ctx, db, ids } = await layered();
    const seen = (await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'a-kawung' } })).items[0].revision;
    const first = decide(db, { facet: 'motif', ids: [ids[0]], action: 'validate', seen: { [ids[0]]: seen } }, { validator: 'Ayu' });
    expect(first.overwritten).toEqual([]);
    const later = decide(db, { facet: 'motif', ids: [ids[0]], action: 'label', label: 'parang', seen: { [ids[0]]: seen } }, { validator: 'Budi' });
    expect(later.overwritten).toEqual([{ id: ids[0], seenRevision: 0, revision: 1, by: 'Ayu' }]);
    expect(later.items[0].status).toBe('disputed');
    const log = db.prepare('SELECT actor, to_status FROM audit_log WHERE image_id = ? ORDER BY id').all(ids[0]);
    expect(log).toEqual([
      { actor: 'Ayu', to_status: 'awaiting' },
      { actor: 'Budi', to_status: 'disputed' },
    ]);
  });
});

describe('validation.setPolicy', () => {
  it('is not retroactive from 1 to 2; from 2 to 1 an awaiting image is settled by its one vote and a dispute stays', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'validate' });
    const two = await api(ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
    expect(two).toEqual({ facet: 'motif', requiredValidations: 2, blind: false, settled: 0 });
    expect(stateOf(db, ids[0])).toEqual({ status: 'validated', label: 'kawung' });
    decide(db, { facet: 'motif', ids: [ids[1]], action: 'label', label: 'truntum' }, { validator: 'Ayu' });
    decide(db, { facet: 'motif', ids: [ids[2]], action: 'validate' }, { validator: 'Ayu' });
    decide(db, { facet: 'motif', ids: [ids[2]], action: 'reject' }, { validator: 'Budi' });
    expect(await api(ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 1 })).toMatchObject({ requiredValidations: 1, settled: 1 });
    expect(stateOf(db, ids[1])).toEqual({ status: 'corrected', label: 'truntum' });
    expect(stateOf(db, ids[2])).toEqual({ status: 'disputed', label: null });
    expect(await api(ctx, 'validation.policies', {})).toEqual([
      { facet: 'tema', requiredValidations: 1, blind: false },
      { facet: 'motif', requiredValidations: 1, blind: false },
    ]);
  });
});
