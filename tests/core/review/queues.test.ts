import { describe, expect, it } from 'vitest';
import { decide } from '../../../electron/core/review/decide.js';
import { addImageRows, api, apiError, reviewCatalogue } from './fixture.js';

describe('work queues', () => {
  it('assigns a folder or a saved filter to a validator, who sees their queue and progress; the archivist sees everyone’s', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    const inFolder = addImageRows(db, ['f1.jpg', 'f2.jpg'], { folder: '2019/kawung' });
    await api(ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
    const folderQueue = await api(ctx, 'queue.assign', { facet: 'motif', assignee: 'Ayu', folder: '2019\\kawung' });
    expect(folderQueue).toMatchObject({ assignee: 'Ayu', folder: '2019/kawung', filter: null, total: 2, done: 0, createdBy: 'Sari' });
    await api(ctx, 'queue.assign', { facet: 'motif', assignee: 'Budi', filter: { labels: ['kawung'] } });

    decide(db, { facet: 'motif', ids: [inFolder[0]], action: 'label', label: 'parang' }, { validator: 'ayu' });
    // Ayu's vote leaves the image awaiting; it is done for her, not for Budi.
    expect((await api(ctx, 'queue.list', { assignee: 'AYU' })).map((q) => [q.assignee, q.total, q.done])).toEqual([['Ayu', 2, 1]]);
    decide(db, { facet: 'motif', ids: [ids[0]], action: 'validate' }, { validator: 'Citra' });
    const all = await api(ctx, 'queue.list', {});
    expect(all.map((q) => [q.assignee, q.total, q.done])).toEqual([
      ['Ayu', 2, 1],
      ['Budi', 2, 0],
    ]);
    decide(db, { facet: 'motif', ids: [ids[0]], action: 'validate' }, { validator: 'Budi' });
    expect((await api(ctx, 'queue.list', { assignee: 'Budi' }))[0].done).toBe(1);

    expect((await apiError(ctx, 'queue.assign', { facet: 'motif', assignee: 'Ayu' })).message).toMatch(/either a folder or a saved filter/);
    expect((await apiError(ctx, 'queue.assign', { facet: 'motif', assignee: 'Ayu', filter: { labels: ['batik-cap'] } })).message).toMatch(/not a label/);
    expect(await api(ctx, 'queue.remove', { id: folderQueue.id })).toEqual({ removed: true });
    expect((await api(ctx, 'queue.list', {})).map((q) => q.assignee)).toEqual(['Budi']);
  });
});
