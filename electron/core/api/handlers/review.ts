import { reviewCalls } from '../../../common/contract/review.js';
import type { AppContext } from '../../app/context.js';
import { editKnowledge, getKnowledge, knowledgeHistory, listKnowledge } from '../../knowledge/knowledge.js';
import { decide } from '../../review/decide.js';
import { imageDetail } from '../../review/detail.js';
import { listFolders } from '../../review/folders.js';
import { imageHistory } from '../../review/history.js';
import { listModelVersions } from '../../review/lists.js';
import { setNote } from '../../review/notes.js';
import { gridCounts, gridIds, queryGrid } from '../../review/query.js';
import { fullImage, thumbnail } from '../../review/thumbnails.js';
import { redoBatch, undoBatch } from '../../review/undo.js';
import type { HandlerTable } from '../types.js';
import { startFirstModelIfReady } from '../../learn/first-model.js';

/** Other windows refresh their grid and counts on this event. */
function changed<T>(ctx: AppContext, reason: string, value: T): T {
  ctx.events.emit({ type: 'catalogue-changed', reason });
  return value;
}

export const reviewHandlers: HandlerTable<keyof typeof reviewCalls> = {
  'review.query': (input, ctx) => queryGrid(ctx.db, input),
  'review.counts': (input, ctx) => gridCounts(ctx.db, input.facet, input.filter),
  'review.ids': (input, ctx) => gridIds(ctx.db, input.facet, input.filter, input.sort, input.desc),
  'review.decide': async (input, ctx) => {
    if (input.dryRun) return decide(ctx.db, input);
    const result = changed(ctx, 'review', decide(ctx.db, input));
    // A new facet trains, activates and applies its first model by itself once every label has enough examples.
    if (result.changed) await startFirstModelIfReady(ctx, input.facet);
    return result;
  },
  'review.undo': (input, ctx) => changed(ctx, 'review', undoBatch(ctx.db, input.batchId)),
  'review.redo': (input, ctx) => changed(ctx, 'review', redoBatch(ctx.db, input.batchId)),
  'review.history': (input, ctx) => imageHistory(ctx.db, input.id, input.facet),
  'review.setNote': (input, ctx) => changed(ctx, 'review', setNote(ctx.db, input.id, input.facet, input.note)),
  'review.folders': (input, ctx) => listFolders(ctx.db, input.facet, input.rootId ?? null),
  'review.modelVersions': (input, ctx) => listModelVersions(ctx.db, input.facet),
  'image.thumbnail': (input, ctx) => thumbnail(ctx.db, input.id),
  'image.full': (input, ctx) => fullImage(ctx.db, input.id, input.maxSize, input.format),
  'image.detail': (input, ctx) => imageDetail(ctx.db, input.id),
  'knowledge.list': (_input, ctx) => listKnowledge(ctx.db),
  'knowledge.get': (input, ctx) => getKnowledge(ctx.db, input.key),
  'knowledge.edit': (input, ctx) => changed(ctx, 'knowledge', editKnowledge(ctx.db, input)),
  'knowledge.history': (input, ctx) => knowledgeHistory(ctx.db, input.key),
};
